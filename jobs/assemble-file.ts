import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../src/files/write-atomic.ts';
import type { MemoryStore } from '../src/memory/memory-store.ts';
import type { PairState } from '../src/pipeline/plan-run.ts';
import { restore } from '../src/segments/placeholders.ts';

export interface AssembleOptions {
  readonly root: string;
  readonly memory: MemoryStore;
  /** `skip-file`: a file with a failed segment is not written; `keep-source`: written with those segments untranslated. */
  readonly onFailure: 'skip-file' | 'keep-source';
}

/** Renders one target file from the memory, checks it, and writes it atomically if it changed. */
export async function assembleFile(state: PairState, options: AssembleOptions): Promise<void> {
  const { pair, format, doc, target } = state;
  const translations = new Map<string, string>();
  state.units.forEach((unit, i) => {
    if (state.failed.has(unit.id)) return;
    const entry = options.memory.get(pair.locale, state.keys[i]);
    if (entry) translations.set(unit.id, restore(unit.protected, entry.target));
    else state.failed.set(unit.id, 'no translation');
  });
  for (const [id, reason] of state.failed) {
    const unit = state.units.find((u) => u.id === id);
    state.errors.push(`${pair.source}${unit?.line ? `:${unit.line}` : ''} → ${pair.target}: ${id}: ${reason}`);
  }
  if (state.failed.size && options.onFailure === 'skip-file') {
    state.status = 'failed';
    return;
  }
  const rendered = format.render(doc, target, translations);
  const problem = format.verify?.(doc, rendered, target);
  if (problem) {
    state.errors.push(`${pair.target}: not written: ${problem}`);
    state.status = 'failed';
    return;
  }
  const bytes = Buffer.from((state.bom ? '\ufeff' : '') + rendered, 'utf8');
  const file = path.join(options.root, pair.target);
  const current = await readFile(file).catch(() => undefined);
  if (current && current.equals(bytes)) {
    state.status = 'unchanged';
    return;
  }
  await writeAtomic(file, bytes);
  state.status = 'written';
}
