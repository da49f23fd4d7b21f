import path from 'node:path';
import { ConfigError } from '../errors/config-error.ts';
import type { ResolvedConfig } from '../config/load-config.ts';
import type { TargetState } from '../memory/target-state.ts';
import type { PairView } from '../pipeline/pair-state.ts';
import { planRun } from '../pipeline/plan-run.ts';
import { contentHash } from '../segments/hash.ts';
import { planInputs } from '../pipeline/plan-inputs.ts';
import type { Output } from './cli-io.ts';
import { plural } from '../util/plural.ts';

export interface AcceptOptions {
  /** Target files or folders to accept, as given on the command line (relative to the working folder); none: every target. */
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly out: Output;
}

/** The targets a list of command-line paths selects: a file itself, or every target below a folder. */
function selector(config: ResolvedConfig, options: AcceptOptions): (target: string) => boolean {
  if (!options.paths.length) return () => true;
  const wanted = options.paths.map((p) => path.resolve(options.cwd, p));
  return (target) => {
    const full = path.join(config.root, target);
    return wanted.some((w) => full === w || full.startsWith(w.endsWith(path.sep) ? w : w + path.sep));
  };
}

/**
 * `translate-locales accept [PATH…]`: the hand-edited units of the chosen targets become reviewed
 * translations of their current source, so `--check` passes and runs keep them. No Redis, no key.
 */
export async function acceptCommand(config: ResolvedConfig, options: AcceptOptions): Promise<number> {
  const inputs = await planInputs(config);
  const plan = await planRun(config, inputs).finally(() => inputs.memory.close());
  const selected = selector(config, options);
  const pairs = plan.pairs.filter((s) => selected(s.pair.target));
  if (options.paths.length && !pairs.length) throw new ConfigError(`${options.paths.join(', ')}: not a target file of this config`);
  let units = 0;
  for (const s of pairs) {
    const accepted = accept(s, inputs.state);
    units += accepted;
    if (accepted) options.out.write(`accepted: ${s.pair.target}: ${accepted} edited ${plural(accepted, 'unit')}${s.conflicts.length ? ` (${s.conflicts.length} in conflict)` : ''}\n`);
  }
  await inputs.state.save();
  for (const p of plan.problems.filter((p) => !p.target || selected(p.target))) options.out.write(`not accepted: ${p.message}\n`);
  options.out.write(`${units} ${plural(units, 'unit')} accepted in ${pairs.length} target ${plural(pairs.length, 'file')}.\n`);
  return 0;
}

/** Records each kept (hand-edited) unit of one target as reviewed against its current source; returns how many. */
function accept(s: PairView, state: TargetState): number {
  if (!s.kept.size) return 0;
  // The plan keeps keys by unit index; the ids come from the format in the same order.
  const units = s.format.units(s.doc, s.target);
  let n = 0;
  units.forEach((unit, i) => {
    const text = s.kept.get(unit.id);
    if (text === undefined) return;
    state.set(s.pair.target, unit.id, { source: s.keys[i], output: contentHash(text), reviewed: true });
    n++;
  });
  return n;
}
