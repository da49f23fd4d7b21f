import type { RunReport } from '../pipeline/run-report.ts';
import { plural } from '../util/plural.ts';

const MAX_LISTED = 50;

/** The run's results for stdout: what was written, per locale when there are several, and what it took. */
export function formatSummary(report: RunReport): string {
  const t = report.totals;
  const count = (status: string, locale?: string) => report.files.filter((f) => f.status === status && (!locale || f.locale === locale)).length;
  const lines = [
    `${report.ok ? 'Done' : 'Finished with problems'}: ${count('written')} written, ${count('unchanged')} unchanged, ${count('failed')} failed (${t.files} target ${plural(t.files, 'file')}) in ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  const locales = [...new Set(report.files.map((f) => f.locale))];
  if (locales.length > 1) {
    const width = Math.max(...locales.map((l) => l.length));
    for (const l of locales) lines.push(`  ${l.padEnd(width)}  ${count('written', l)} written, ${count('unchanged', l)} unchanged, ${count('failed', l)} failed`);
  }
  lines.push(
    `Segments: ${t.segments} (${t.translated} translated, ${t.reused} from memory, ${t.copied ? `${t.copied} copied (nothing to translate), ` : ''}${t.failed} failed${t.pending ? `, ${t.pending} not done` : ''}); requests: ${t.requests}, tokens: ${t.promptTokens} in + ${t.completionTokens} out` +
      (t.splits || t.retries || t.throttled ? `; ${t.splits} ${plural(t.splits, 'split')}, ${t.retries} ${plural(t.retries, 'retry', 'retries')}, ${t.throttled} throttled` : ''),
  );
  if (report.aborted) lines.push(`Stopped: ${report.aborted}`);
  return lines.join('\n');
}

function listed(kind: string, items: readonly string[]): string[] {
  const lines = items.slice(0, MAX_LISTED).map((i) => `${kind}: ${i}`);
  const more = items.length - MAX_LISTED;
  if (more > 0) lines.push(`… and ${more} more ${plural(more, kind)} (see --report)`);
  return lines;
}

/** What needs a person, for stderr: errors, and hand edits in conflict. */
export function formatProblems(report: RunReport): string {
  return [
    ...listed('error', [...report.errors, ...report.files.flatMap((f) => f.errors)]),
    // Hand edits whose source changed: kept, but someone has to look (and then `translate-locales accept`).
    ...listed('conflict', report.files.flatMap((f) => f.conflicts)),
  ].join('\n');
}
