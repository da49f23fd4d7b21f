import type { ResolvedConfig } from '../config/load-config.ts';
import { projectStatus, type StatusRow } from '../status/project-status.ts';
import { planInputs } from '../pipeline/plan-inputs.ts';
import type { CliIo } from './cli-io.ts';

// Rounded down: 99.96 % is not yet 100 %.
const percent = (part: number, whole: number) => (whole ? `${(Math.floor((part / whole) * 1000) / 10).toFixed(1)} %` : '—');

/** A plain table: one row per locale and file group, columns padded to their widest cell. */
export function formatStatusTable(rows: readonly StatusRow[]): string {
  const head = ['locale', 'files', 'segments', 'translated', 'unreviewed', 'human', 'stale', 'missing', 'group'];
  const body = rows.map((r) => [r.locale, r.files, r.segments, percent(r.translated, r.segments), r.unreviewed, r.human, r.stale, r.missing, r.group].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  // Text columns to the left, numbers to the right.
  const cell = (text: string, i: number) => (i === 0 || i === head.length - 1 ? text.padEnd(widths[i]) : text.padStart(widths[i]));
  return [head, ...body].map((cells) => cells.map(cell).join('  ').trimEnd()).join('\n');
}

/** `status`: offline figures per locale and file group, as a table or `--json`. */
export async function statusCommand(config: ResolvedConfig, json: boolean, io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<number> {
  const inputs = await planInputs(config);
  const status = await projectStatus(config, inputs).finally(() => inputs.memory.close());
  if (json) io.stdout.write(JSON.stringify(status, null, 2) + '\n');
  else io.stdout.write(formatStatusTable(status.rows) + '\n');
  for (const p of status.problems) io.stderr.write(`error: ${p}\n`);
  return 0;
}
