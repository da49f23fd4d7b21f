import path from 'node:path';
import type { ResolvedConfig } from '../config/load-config.ts';
import { Glossary } from '../glossary/glossary.ts';
import { MemoryStore } from '../memory/memory-store.ts';
import { TargetState } from '../memory/target-state.ts';
import type { PlanInputs } from '../pipeline/plan-run.ts';

/** The project's memory, target state and glossary, as every command reads them. */
export async function planInputs(config: ResolvedConfig): Promise<PlanInputs> {
  const dir = path.resolve(config.root, config.memory.dir);
  const state = TargetState.in(dir);
  await state.load();
  const glossary = config.glossary ? await Glossary.load(path.resolve(config.root, config.glossary)) : Glossary.empty();
  return { memory: new MemoryStore(dir, { examples: config.memory.examples }), state, glossary };
}
