import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../src/files/write-atomic.ts';
import type { MemoryStore } from '../src/memory/memory-store.ts';
import type { TargetState } from '../src/memory/target-state.ts';
import { contentHash } from '../src/segments/hash.ts';
import type { PairState } from '../src/pipeline/plan-run.ts';
import { restore } from '../src/segments/placeholders.ts';

export interface AssembleOptions {
  readonly root: string;
  readonly memory: MemoryStore;
  readonly state: TargetState;
  /** `skip-file`: a file with a failed segment is not written; `keep-source`: written with those segments untranslated. */
  readonly onFailure: 'skip-file' | 'keep-source';
}

/** Renders one target file from the memory, checks it, and writes it atomically if it changed. */
export async function assembleFile(state: PairState, options: AssembleOptions): Promise<void> {
  const { pair, format, doc, target } = state;
  const translations = new Map<string, string>();
  state.units.forEach((unit, i) => {
    const kept = state.kept.get(unit.id);
    if (kept !== undefined) return translations.set(unit.id, kept);
    if (state.failed.has(unit.id)) return;
    const entry = options.memory.get(pair.locale, state.keys[i]);
    if (!entry) return state.failed.set(unit.id, 'no translation');
    const text = restore(unit.protected, entry.target);
    translations.set(unit.id, text);
    for (const term of state.terms[i]) {
      if (!text.toLowerCase().includes(term.target.toLowerCase())) state.warnings.push(`${pair.target}: ${unit.id}: glossary term "${term.source}" not rendered as "${term.target}"`);
    }
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
  if (current && current.equals(bytes)) state.status = 'unchanged';
  else {
    await writeAtomic(file, bytes);
    state.status = 'written';
  }
  record(state, rendered, options.state);
}

/** Remembers what the machine wrote for each unit, as the format reads it back, to notice later edits. */
function record(state: PairState, rendered: string, targets: TargetState): void {
  const written = state.format.current?.(state.doc, { ...state.target, existing: rendered });
  if (!written) return;
  state.units.forEach((unit, i) => {
    const text = written.get(unit.id);
    if (text === undefined || state.kept.has(unit.id) || state.failed.has(unit.id)) return;
    targets.set(state.pair.target, unit.id, { source: state.keys[i], output: contentHash(text) });
  });
}
