import type { RunReport } from '../pipeline/run-report.ts';

/** The short human summary printed at the end of a run. */
export function formatSummary(report: RunReport): string {
  const t = report.totals;
  const count = (status: string) => report.files.filter((f) => f.status === status).length;
  const lines = [
    `${report.ok ? 'Done' : 'Finished with problems'}: ${count('written')} written, ${count('unchanged')} unchanged, ${count('failed')} failed (${t.files} target files) in ${(report.durationMs / 1000).toFixed(1)} s`,
    `Segments: ${t.segments} (${t.translated} translated, ${t.reused} from memory, ${t.copied ? `${t.copied} copied (nothing to translate), ` : ''}${t.failed} failed${t.pending ? `, ${t.pending} not done` : ''}); requests: ${t.requests}, tokens: ${t.promptTokens} in + ${t.completionTokens} out` +
      (t.splits || t.retries || t.throttled ? `; ${t.splits} splits, ${t.retries} retries, ${t.throttled} throttled` : ''),
  ];
  if (report.aborted) lines.push(`Stopped: ${report.aborted}`);
  const errors = [...report.errors, ...report.files.flatMap((f) => f.errors)];
  for (const e of errors.slice(0, 50)) lines.push(`error: ${e}`);
  if (errors.length > 50) lines.push(`… and ${errors.length - 50} more errors (see --report)`);
  // Hand edits whose source changed: kept, but someone has to look (and then `translate-locales accept`).
  const conflicts = report.files.flatMap((f) => f.conflicts);
  for (const c of conflicts.slice(0, 50)) lines.push(`conflict: ${c}`);
  if (conflicts.length > 50) lines.push(`… and ${conflicts.length - 50} more conflicts (see --report)`);
  return lines.join('\n');
}
