import path from 'node:path';
import type { ResolvedConfig } from '../config/load-config.ts';
import type { RunPlan } from './plan-run.ts';

/** Where a run writes atomically, hence where a killed run may have left temporary files: target folders, state and memory. */
export function leftoverFolders(config: Pick<ResolvedConfig, 'root' | 'memory'>, plan: RunPlan): string[] {
  const memory = path.resolve(config.root, config.memory.dir);
  return [...plan.pairs.map((s) => path.dirname(path.join(config.root, s.pair.target))), memory, path.join(memory, 'memory')];
}
