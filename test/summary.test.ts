import { describe, expect, it } from 'vitest';
import { formatProblems, formatSummary } from '../src/cli/summary.ts';
import { emptyTotals, type FileReport, type RunReport } from '../src/pipeline/run-report.ts';
import { checkMarkdown } from '../src/report/check-markdown.ts';
import { reportMarkdown } from '../src/report/report-markdown.ts';

function file(target: string, locale: string, status: FileReport['status'], extra: Partial<FileReport> = {}): FileReport {
  return { source: 's', target, locale, status, segments: 1, translated: 1, reused: 0, kept: 0, copied: 0, failed: 0, pending: 0, errors: [], conflicts: [], warnings: [], ...extra };
}

describe('the end-of-run output', () => {
  const report: RunReport = {
    ok: false,
    totals: { ...emptyTotals(), files: 4 },
    files: [
      file('de/a.json', 'de', 'written'),
      file('de/b.json', 'de', 'failed', { errors: ['de/b.json:3: bad'] }),
      file('zh-Hans/a.json', 'zh-Hans', 'unchanged', { conflicts: ['zh-Hans/a.json (source line 2): /x: edited by hand and its source changed since'] }),
      file('zh-Hans/b.json', 'zh-Hans', 'written'),
    ],
    errors: ['en/c.json:1: invalid JSON'],
    durationMs: 1500,
    peakMemoryMb: 1,
  };

  it('results for stdout: written, unchanged and failed per locale', () => {
    const lines = formatSummary(report).split('\n');
    expect(lines[0]).toBe('Finished with problems: 2 written, 1 unchanged, 1 failed (4 target files) in 1.5 s');
    expect(lines[1]).toBe('  de       1 written, 0 unchanged, 1 failed');
    expect(lines[2]).toBe('  zh-Hans  1 written, 1 unchanged, 0 failed');
    expect(formatSummary(report)).not.toMatch(/error|conflict/);
  });

  it('says one of a thing in the singular: "1 target file", "1 split, 1 retry"; the job summary and the check alike', () => {
    const one: RunReport = { ...report, ok: true, totals: { ...emptyTotals(), files: 1, splits: 1, retries: 1 }, files: [file('de/a.json', 'de', 'written')], errors: [] };
    expect(formatSummary(one).split('\n')[0]).toBe('Done: 1 written, 0 unchanged, 0 failed (1 target file) in 1.5 s');
    expect(formatSummary(one)).toMatch(/; 1 split, 1 retry, 0 throttled$/);
    expect(reportMarkdown(one)).toContain('✅ 1 file written, 0 unchanged, 0 failed (1 target file)');
    expect(reportMarkdown(one)).toContain(' · 1 retry, 1 split, 0 throttled');
    expect(checkMarkdown([{ kind: 'conflict', message: 'de/a.json: /x: edited by hand' }])).toContain('❌ 1 problem\n');
    expect(checkMarkdown([{ kind: 'missing', message: 'a' }, { kind: 'missing', message: 'b' }])).toContain('❌ 2 problems\n');
  });

  it('problems for stderr: errors with file and line, then conflicts', () => {
    expect(formatProblems(report).split('\n')).toEqual([
      'error: en/c.json:1: invalid JSON',
      'error: de/b.json:3: bad',
      'conflict: zh-Hans/a.json (source line 2): /x: edited by hand and its source changed since',
    ]);
    expect(formatProblems({ ...report, errors: [], files: [file('de/a.json', 'de', 'written')] })).toBe('');
  });
});
