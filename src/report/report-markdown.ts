import type { FileReport, RunReport } from '../pipeline/run-report.ts';
import { MarkdownBudget } from './markdown-budget.ts';
import { cell, code, count, duration, table } from './markdown-text.ts';
import { plural } from '../util/plural.ts';

/** GitHub's limit for one step's job summary. */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;
/** GitHub's limit for a pull request body is 65,536 characters; bytes are never fewer. */
export const PULL_REQUEST_BODY_MAX_BYTES = 65_000;

export interface ReportMarkdownOptions {
  /** First heading; default "translate-locales". */
  readonly title?: string;
  /** The config's `files[].source`, by index: names the file groups. */
  readonly groupNames?: readonly string[];
  /** USD at list price for the tokens used; omitted when unknown. */
  readonly cost?: number;
  readonly model?: string;
  /** Size limit in UTF-8 bytes; lists are cut to fit. Default JOB_SUMMARY_MAX_BYTES. */
  readonly maxBytes?: number;
  /** A last line (where the JSON report is, what to do next). */
  readonly footer?: string;
}

interface Row {
  files: number;
  translated: number;
  reused: number;
  kept: number;
  conflicts: number;
  failed: number;
}

function rows(files: readonly FileReport[], key: (f: FileReport) => string): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const f of files) {
    const k = key(f);
    const r = out.get(k) ?? { files: 0, translated: 0, reused: 0, kept: 0, conflicts: 0, failed: 0 };
    r.files++;
    r.translated += f.translated;
    r.reused += f.reused;
    r.kept += f.kept;
    r.conflicts += f.conflicts.length;
    r.failed += f.failed + (f.status === 'failed' && f.failed === 0 ? 1 : 0);
    out.set(k, r);
  }
  return out;
}

const HEADER = ['Translated', 'Reused', 'Kept human edits', 'Conflicts', 'Failed'];
const cells = (r: Row) => [count(r.translated), count(r.reused), count(r.kept), count(r.conflicts), count(r.failed)];

/**
 * A run's report as Markdown, for the job summary and the pull request body (the same text):
 * per locale and per file group, requests, tokens, cost and duration, then failures and conflicts
 * with their files, cut to stay under `maxBytes`.
 */
export function reportMarkdown(report: RunReport, options: ReportMarkdownOptions = {}): string {
  const t = report.totals;
  const status = (s: FileReport['status']) => report.files.filter((f) => f.status === s).length;
  const head: string[] = [
    `## ${options.title ?? 'translate-locales'}`,
    '',
    `${report.ok ? '✅' : '⚠️'} ${count(status('written'))} ${plural(status('written'), 'file')} written, ${count(status('unchanged'))} unchanged, ${count(status('failed'))} failed (${count(t.files)} target ${plural(t.files, 'file')})` +
      (report.aborted ? ` — stopped: ${code(report.aborted)}` : ''),
    '',
    ...table(['Locale', 'Files', ...HEADER], [...rows(report.files, (f) => f.locale)].map(([locale, r]) => [cell(locale), count(r.files), ...cells(r)])),
    '',
    `Requests: ${count(t.requests)} · tokens: ${count(t.promptTokens)} in + ${count(t.completionTokens)} out` +
      (options.cost !== undefined ? ` · estimated cost: $${options.cost.toFixed(4)}${options.model ? ` (${options.model})` : ''}` : '') +
      ` · duration: ${duration(report.durationMs)}` +
      (t.retries || t.splits || t.throttled ? ` · ${count(t.retries)} ${plural(t.retries, 'retry', 'retries')}, ${count(t.splits)} ${plural(t.splits, 'split')}, ${count(t.throttled)} throttled` : ''),
  ];
  const groups = rows(report.files, (f) => `${f.group ?? ''}\u0000${f.locale}`);
  const groupLines =
    options.groupNames && new Set(report.files.map((f) => f.group)).size > 1
      ? [
          '',
          '<details><summary>By file group</summary>',
          '',
          ...table(['File group', 'Locale', 'Files', ...HEADER], [...groups].map(([k, r]) => {
            const [group, locale] = k.split('\u0000');
            return [cell(options.groupNames?.[Number(group)] ?? (group || '—')), cell(locale), count(r.files), ...cells(r)];
          })),
          '',
          '</details>',
        ]
      : [];
  const failures = [
    ...report.errors.map((e) => `- ${code(e)}`),
    ...report.files.flatMap((f) => f.errors.map((e) => `- ${code(f.target)}: ${code(e.startsWith(`${f.target}:`) ? e.slice(f.target.length + 1).trim() : e)}`)),
  ];
  const conflicts = report.files.flatMap((f) => f.conflicts.map((c) => `- ${code(c)}`));
  const budget = new MarkdownBudget(options.maxBytes ?? JOB_SUMMARY_MAX_BYTES, options.footer);
  budget.add(head);
  budget.add(groupLines);
  budget.list('### Failures', failures, 'failure');
  budget.list('### Conflicts (edited by hand, source changed since: review)', conflicts, 'conflict');
  return budget.finish();
}
