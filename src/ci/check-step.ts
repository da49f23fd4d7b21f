import path from 'node:path';
import type { ResolvedConfig } from '../config/load-config.ts';
import { planInputs } from '../pipeline/plan-inputs.ts';
import { checkAdvice, checkProject, checkVerdict, someUpdatedByARun, updatedByARun, type CheckFinding } from '../pipeline/check-project.ts';
import { checkMarkdown } from '../report/check-markdown.ts';
import { plural } from '../util/plural.ts';
import type { CiContext } from './ci-context.ts';
import { annotation, appendSummary, writeOutputs, type AnnotationPlace } from './workflow-commands.ts';

/** GitHub shows a limited number of annotations per step; the rest are counted and in the summary. */
export const MAX_ANNOTATIONS = 50;

export interface CheckStepOptions {
  readonly config: ResolvedConfig;
  readonly ctx: CiContext;
  /** Report problems as warnings and exit 0. */
  readonly warnOnly: boolean;
  /** Folder annotation paths are relative to (GITHUB_WORKSPACE); default the config's folder. */
  readonly workspace?: string;
  readonly reason: string;
}

/** Where a finding points, relative to the workspace; a format error's line comes from its `file:line:` message. */
function place(f: CheckFinding, root: string, workspace: string): AnnotationPlace {
  if (!f.file) return {};
  const rest = f.message.startsWith(`${f.file}:`) ? f.message.slice(f.file.length) : '';
  const line = f.line ?? (Number(/^:(\d+):/.exec(rest)?.[1]) || undefined);
  return { file: path.relative(workspace, path.resolve(root, f.file)).split(path.sep).join('/'), line, ...(f.line && f.column ? { column: f.column } : {}) };
}

/** The offline check for untrusted events: no key, no Redis, no network; annotations, summary, outputs. */
export async function checkStep(o: CheckStepOptions): Promise<number> {
  const out = (line: string) => process.stdout.write(line + '\n');
  out(`translate-locales ci: ${o.reason}`);
  const inputs = await planInputs(o.config);
  const findings = await checkProject(o.config, inputs).finally(() => inputs.memory.close());
  const level = o.warnOnly ? 'warning' : 'error';
  const workspace = o.workspace ?? o.config.root;
  if (o.ctx.platform === 'github') {
    for (const f of findings.slice(0, MAX_ANNOTATIONS)) out(annotation(level, `${f.kind}: ${f.message}`, place(f, o.config.root, workspace)));
    if (findings.length > MAX_ANNOTATIONS) out(annotation(level, `${findings.length} ${plural(findings.length, 'problem')} in total (${MAX_ANNOTATIONS} shown as annotations; all in the job summary)`));
  } else {
    for (const f of findings) out(`${f.kind}: ${f.message}`);
  }
  out(checkVerdict(findings));
  await appendSummary(o.ctx.summaryFile, checkMarkdown(findings, { hint: summaryHint(findings) }));
  await writeOutputs(o.ctx.outputFile, { changed: 'false', problems: String(findings.length), 'pull-request-url': '', 'pull-request-number': '', report: '' });
  return findings.length && !o.warnOnly ? 1 : 0;
}

/** The job summary's last word: what a push to the base branch clears, and what is a person's to do. */
function summaryHint(findings: readonly CheckFinding[]): string | undefined {
  if (!findings.length) return undefined;
  const theirs = checkAdvice(findings.filter((f) => !updatedByARun(f)));
  const people = theirs.length ? `${theirs.join('; ').replace(/^./, (c) => c.toUpperCase())}.` : '';
  return [someUpdatedByARun(findings) ? 'A push to the base branch translates what is missing, stale or outdated (or run `translate-locales` locally).' : '', people].filter(Boolean).join(' ');
}
