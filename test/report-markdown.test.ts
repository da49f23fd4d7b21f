import type { Root, Table } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { emptyTotals, type FileReport, type RunReport } from '../src/pipeline/run-report.ts';
import { PULL_REQUEST_BODY_MAX_BYTES, reportMarkdown } from '../src/report/report-markdown.ts';

function file(target: string, locale: string, group: number, extra: Partial<FileReport> = {}): FileReport {
  return { source: 'src', target, locale, group, status: 'written', segments: 10, translated: 6, reused: 3, kept: 1, failed: 0, errors: [], conflicts: [], warnings: [], ...extra };
}

function report(files: FileReport[], extra: Partial<RunReport> = {}): RunReport {
  return { ok: files.every((f) => f.status !== 'failed'), totals: { ...emptyTotals(), files: files.length, requests: 12, promptTokens: 3400, completionTokens: 2100 }, files, errors: [], durationMs: 65_000, peakMemoryMb: 80, ...extra };
}

function tables(markdown: string): Table[] {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  const out: Table[] = [];
  const walk = (n: { type: string; children?: unknown[] }) => {
    if (n.type === 'table') out.push(n as Table);
    for (const c of (n.children ?? []) as { type: string }[]) walk(c);
  };
  walk(tree);
  return out;
}

function cellText(t: Table, row: number, col: number): string {
  const cell = t.children[row].children[col];
  return cell.children.map((c) => ('value' in c ? String(c.value) : '')).join('');
}

describe('reportMarkdown', () => {
  it('has a table per locale and per file group, the usage line and the failures with their files', () => {
    const r = report([
      file('locales/de.json', 'de', 0),
      file('docs/de/a.md', 'de', 1, { status: 'failed', failed: 2, translated: 4, errors: ['docs/de/a.md: line 7: placeholder {0} lost'] }),
      file('locales/ja.json', 'ja', 0, { conflicts: ['locales/ja.json (source line 3): title: edited by hand and its source changed since; kept, please review'] }),
    ]);
    const md = reportMarkdown(r, { groupNames: ['locales/{locale}.json', 'docs/en/**/*.md'], cost: 0.01234, model: 'qwen-mt-flash' });
    const [byLocale, byGroup] = tables(md);
    expect(byLocale.children).toHaveLength(3);
    expect(byLocale.children[0].children.map((c) => cellText(byLocale, 0, byLocale.children[0].children.indexOf(c)))).toEqual(['Locale', 'Files', 'Translated', 'Reused', 'Kept human edits', 'Conflicts', 'Failed']);
    expect([1, 2, 3, 4, 5, 6].map((col) => cellText(byLocale, 1, col))).toEqual(['2', '10', '6', '2', '0', '2']);
    expect(cellText(byLocale, 2, 5)).toBe('1');
    expect(byGroup.children).toHaveLength(4);
    expect(cellText(byGroup, 2, 0)).toBe('docs/en/**/*.md');
    expect(md).toContain('Requests: 12 · tokens: 3,400 in + 2,100 out · estimated cost: $0.0123 (qwen-mt-flash) · duration: 1m 05s');
    expect(md).toContain('- `docs/de/a.md`: `line 7: placeholder {0} lost`');
    expect(md).toMatch(/### Conflicts[^\n]*\n\n- `locales\/ja.json \(source line 3\)/);
  });

  it('shows hostile text as literal code: no table break, link, mention or HTML', () => {
    const r = report([file('locales/de.json', 'de', 0, { status: 'failed', errors: ['x | y `` <img src=x onerror=alert(1)> @everyone [a](http://evil)\nsecond line'] })]);
    const md = reportMarkdown(r);
    const tree = unified().use(remarkParse).use(remarkGfm).parse(md) as Root;
    const kinds = new Set<string>();
    const walk = (n: { type: string; children?: unknown[] }) => {
      kinds.add(n.type);
      for (const c of (n.children ?? []) as { type: string }[]) walk(c);
    };
    walk(tree);
    expect(kinds.has('html')).toBe(false);
    expect(kinds.has('link')).toBe(false);
    expect(md).toContain('second line');
    expect(md.split('\n').filter((l) => l.includes('second line'))).toHaveLength(1);
  });

  it('stays under the size limit with a huge failure list and says how many it left out', () => {
    const errors = Array.from({ length: 20_000 }, (_, i) => `locales/de.json: key.${i}: the reply lost a placeholder and was not written`);
    const md = reportMarkdown(report([file('locales/de.json', 'de', 0, { status: 'failed', errors })]), { maxBytes: PULL_REQUEST_BODY_MAX_BYTES, footer: 'Full report: report.json' });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(PULL_REQUEST_BODY_MAX_BYTES);
    const left = /… and ([\d,]+) more failures/.exec(md);
    expect(left).not.toBeNull();
    const shown = md.split('\n').filter((l) => l.startsWith('- `locales/de.json`')).length;
    expect(shown + Number(left![1].replace(/,/g, ''))).toBe(20_000);
    expect(md.trimEnd().endsWith('Full report: report.json')).toBe(true);
    expect(Buffer.byteLength(reportMarkdown(report([file('locales/de.json', 'de', 0, { status: 'failed', errors })])))).toBeGreaterThan(PULL_REQUEST_BODY_MAX_BYTES);
  });
});

describe('reportMarkdown table cells', () => {
  it('keeps a group name with a pipe in one cell', () => {
    const md = reportMarkdown(report([file('a/de.json', 'de', 0), file('b/de.json', 'de', 1)]), { groupNames: ['a|b/{locale}.json', 'b/{locale}.json'] });
    const byGroup = tables(md)[1];
    expect(byGroup.children[1].children).toHaveLength(8);
    expect(cellText(byGroup, 1, 0)).toBe('a|b/{locale}.json');
  });
});
