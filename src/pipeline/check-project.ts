import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/load-config.ts';
import { sameContent } from '../files/same-content.ts';
import { protect, restore } from '../segments/placeholders.ts';
import { unitName } from '../segments/segment.ts';
import { plural } from '../util/plural.ts';
import { planRun, type PlanInputs } from './plan-run.ts';

export interface CheckFinding {
  readonly kind: 'missing' | 'stale' | 'invalid' | 'conflict' | 'outdated';
  readonly message: string;
  /** Where to point a reviewer (CI annotations): the file, and the source line of the unit. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** The placeholders a text uses, each once: a person's plural forms may repeat one (`{count} file|{count} files`) or leave it out of one form. */
function placeholders(text: string): string {
  return [...new Set(protect(text).tokens)].sort().join('\u0000');
}

/**
 * `--check`: what a run would still have to do, without a request or a write: missing targets and
 * translations, stale ones (source changed), invalid ones (placeholders, structure, review flags),
 * hand edits in conflict, and targets that differ from what a run would write.
 */
export async function checkProject(config: ResolvedConfig, inputs: PlanInputs): Promise<CheckFinding[]> {
  const plan = await planRun(config, inputs);
  const findings: CheckFinding[] = plan.problems.map((p) => ({ kind: 'invalid', message: p.message, file: p.source }));
  for (const s of plan.pairs) {
    const target = s.pair.target;
    if (!existsSync(path.join(config.root, target))) {
      findings.push({ kind: 'missing', message: `${target}: missing`, file: s.pair.source });
      continue;
    }
    for (const c of s.conflicts) findings.push({ kind: 'conflict', message: c });
    const rendered = s.format.render(s.doc, s.target, (unit, i) => {
      const kept = s.kept.get(unit.id);
      if (kept !== undefined) {
        if (placeholders(kept) !== placeholders(unit.source)) findings.push({ kind: 'invalid', message: `${target}: ${unitName(unit)}: placeholders differ from the source` });
        return kept;
      }
      if (unit.verbatim) return unit.source;
      const entry = inputs.memory.get(s.pair.locale, s.keys[i]);
      if (entry) return restore(unit.protected, entry.target);
      const record = s.format.match?.(s.doc, s.target)?.units.get(unit.id)?.record ?? s.target.records?.byUnit.get(unit.id);
      if (record) findings.push({ kind: 'stale', message: `${target}: ${unitName(unit)}: source changed since it was translated`, file: s.pair.source, line: unit.line, column: unit.column });
      else findings.push({ kind: 'missing', message: `${target}: ${unitName(unit)}: not translated`, file: s.pair.source, line: unit.line, column: unit.column });
      return undefined;
    });
    for (const note of s.format.audit?.(s.doc, s.target) ?? []) findings.push({ kind: 'invalid', message: `${target}: ${note}` });
    if (s.pending.size) continue;
    const problem = s.format.verify?.(s.doc, rendered, s.target);
    if (problem) findings.push({ kind: 'invalid', message: `${target}: ${problem}` });
    // The text read back has no byte-order mark: the bytes say whether the run would write the file again.
    else if (rendered !== (s.target.existing ?? '') || !(await sameContent(path.join(config.root, target), (s.bom ? '\ufeff' : '') + rendered))) {
      findings.push({ kind: 'outdated', message: `${target}: differs from what a run would write (edited outside translated text, or never written by this version)` });
    }
  }
  return findings;
}

/** Findings a run clears by itself; a conflict or an invalid file or entry needs a person (a run keeps, or leaves, them as they are). */
const UPDATED_BY_A_RUN: ReadonlySet<CheckFinding['kind']> = new Set(['missing', 'stale', 'outdated']);

/** What to do about the findings, one piece per who can clear them: a run, a reviewer (conflicts), a person (invalid). */
export function checkAdvice(findings: readonly CheckFinding[]): string[] {
  const of = (kind: CheckFinding['kind']) => findings.filter((f) => f.kind === kind).length;
  const [conflicts, invalid] = [of('conflict'), of('invalid')];
  const advice: string[] = [];
  if (someUpdatedByARun(findings)) advice.push('run translate-locales to update the targets');
  if (conflicts) advice.push(`review ${conflicts === 1 ? 'the hand edit' : `the ${conflicts} hand edits`} in conflict, then translate-locales accept ${conflicts === 1 ? 'its target' : 'their targets'}`);
  if (invalid) advice.push(`fix or review ${invalid === 1 ? 'the invalid one' : `the ${invalid} invalid ones`} by hand (a run leaves ${invalid === 1 ? 'it' : 'them'} as ${invalid === 1 ? 'it is' : 'they are'})`);
  return advice;
}

/** The check's last line: how many problems, and what clears them. */
export function checkVerdict(findings: readonly CheckFinding[]): string {
  if (!findings.length) return 'All targets are current.';
  return `${findings.length} ${plural(findings.length, 'problem')}: ${checkAdvice(findings).join('; ')}`;
}

/** Whether a run clears this finding (the others are a person's to clear). */
export function updatedByARun(finding: CheckFinding): boolean {
  return UPDATED_BY_A_RUN.has(finding.kind);
}

/** Whether a run would clear some of the findings. */
export function someUpdatedByARun(findings: readonly CheckFinding[]): boolean {
  return findings.some(updatedByARun);
}
