import path from 'node:path';
import { sameContent } from '../src/files/same-content.ts';
import { writeAtomic } from '../src/files/write-atomic.ts';
import type { MemoryStore } from '../src/memory/memory-store.ts';
import type { TargetState } from '../src/memory/target-state.ts';
import { contentHash } from '../src/segments/hash.ts';
import type { Glossary } from '../src/glossary/glossary.ts';
import type { Translate } from '../src/formats/format.ts';
import type { PairState } from '../src/pipeline/plan-run.ts';
import { restore } from '../src/segments/placeholders.ts';
import { unitLocation } from '../src/segments/segment.ts';
import { yieldToEventLoop } from '../src/util/yield-to-event-loop.ts';

export interface AssembleOptions {
  readonly root: string;
  readonly memory: MemoryStore;
  readonly state: TargetState;
  readonly glossary: Glossary;
  /** `skip-file`: a file with a failed segment is not written; `keep-source`: written with those segments untranslated. */
  readonly onFailure: 'skip-file' | 'keep-source';
}

/** Renders one target file from the memory, checks it, and writes it atomically if it changed. */
export async function assembleFile(state: PairState, options: AssembleOptions): Promise<void> {
  const { pair, format, doc, target, keys } = state;
  const ids: string[] = [];
  // Asked unit by unit while the format renders: a large file's units are never all in memory.
  const translate: Translate = (unit, i) => {
    ids[i] = unit.id;
    const kept = state.kept.get(unit.id);
    if (kept !== undefined) return kept;
    if (unit.verbatim) return unit.source;
    const entry = state.failed.has(i) ? undefined : options.memory.get(pair.locale, keys[i]);
    if (!entry) {
      if (!state.failed.has(i)) state.failed.set(i, 'no translation');
      state.errors.push(`${unitLocation(pair.source, unit)} → ${pair.target}: ${unit.id}: ${state.failed.get(i)}`);
      return undefined;
    }
    const text = restore(unit.protected, entry.target);
    for (const term of options.glossary.termsFor(pair.locale, unit.protected.text)) {
      if (!text.toLowerCase().includes(term.target.toLowerCase())) state.warnings.push(`${pair.target}: ${unit.id}: glossary term "${term.source}" not rendered as "${term.target}"`);
    }
    return text;
  };
  // Rendering and checking a large document take a while: let lock renewals and replies in between.
  await yieldToEventLoop();
  const rendered = format.render(doc, target, translate);
  await yieldToEventLoop();
  if (ids.length !== keys.length) throw new Error(`${pair.source}: its units changed since planning`);
  if (state.failed.size && options.onFailure === 'skip-file') {
    state.status = 'failed';
    return;
  }
  const problem = format.verify?.(doc, rendered, target);
  await yieldToEventLoop();
  if (problem) {
    state.errors.push(`${pair.target}: not written: ${problem}`);
    state.status = 'failed';
    return;
  }
  const text = (state.bom ? '\ufeff' : '') + rendered;
  const file = path.join(options.root, pair.target);
  if (await sameContent(file, text)) state.status = 'unchanged';
  else {
    await writeAtomic(file, text, { modeFrom: path.join(options.root, pair.source) });
    state.status = 'written';
  }
  record(state, ids, rendered, options.state);
}

/**
 * Remembers what the machine wrote for each unit, as the format reads it back, to notice later edits;
 * a unit kept as a person wrote it keeps the record it was matched to; units no longer in the source are forgotten.
 */
function record(state: PairState, ids: readonly string[], rendered: string, targets: TargetState): void {
  const { format, doc, target } = state;
  const written = format.written ? format.written(doc, target, rendered) : format.current?.(doc, { ...target, existing: rendered });
  if (!written) return;
  const matched = format.match?.(doc, target);
  ids.forEach((id, i) => {
    const previous = matched ? matched.units.get(id)?.record : target.records?.byUnit.get(id);
    if (state.kept.has(id) && previous) targets.set(state.pair.target, id, previous);
    const text = written.get(id);
    if (text === undefined || state.kept.has(id) || state.failed.has(i)) return;
    targets.set(state.pair.target, id, { source: state.keys[i], output: contentHash(text) });
  });
  targets.prune(state.pair.target, ids);
}
