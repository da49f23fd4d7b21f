import path from 'node:path';
import { sameContent, sameDigest } from '../files/same-content.ts';
import { AtomicFileWriter } from '../files/atomic-file-writer.ts';
import { decodeText } from '../files/read-source.ts';
import { UnitHashes } from './unit-hashes.ts';
import { writeAtomic } from '../files/write-atomic.ts';
import type { MemoryStore } from '../memory/memory-store.ts';
import type { TargetState } from '../memory/target-state.ts';
import { contentHash } from '../segments/hash.ts';
import type { Glossary } from '../glossary/glossary.ts';
import type { Translate } from '../formats/format.ts';
import type { PairView } from '../pipeline/pair-state.ts';
import { readDocument } from '../pipeline/read-document.ts';
import type { AssembleOutcome } from '../run/pair-states.ts';
import { restore } from '../segments/placeholders.ts';
import { unitLocation, unitName } from '../segments/segment.ts';
import { CHECK_EVERY, checkYoungGeneration } from '../util/heap-growth.ts';
import { yieldToEventLoop } from '../util/yield-to-event-loop.ts';

export interface AssembleOptions {
  readonly root: string;
  readonly memory: MemoryStore;
  readonly state: TargetState;
  readonly glossary: Glossary;
  /** `skip-file`: a file with a failed segment is not written; `keep-source`: written with those segments untranslated. */
  readonly onFailure: 'skip-file' | 'keep-source';
}

/**
 * Renders one target file from the memory, checks it, and writes it atomically if it changed.
 * What it finds goes into `outcome` as it goes (so an exception keeps what was found before it).
 */
export async function assembleFile(planned: PairView, options: AssembleOptions, outcome: AssembleOutcome): Promise<void> {
  const state = await withDocument(planned, options.root);
  const { pair, format, doc, target, keys } = state;
  const failed = (i: number) => state.failed.get(i) ?? outcome.failed.get(i);
  const ids: string[] = [];
  // Asked unit by unit while the format renders: a large file's units are never all in memory.
  const translate: Translate = (unit, i) => {
    ids[i] = unit.id;
    if (i % CHECK_EVERY === 0) checkYoungGeneration();
    const kept = state.kept.get(unit.id);
    if (kept !== undefined) return kept;
    if (unit.verbatim) return unit.source;
    const why = failed(i);
    const entry = why === undefined ? options.memory.get(pair.locale, keys[i]) : undefined;
    if (!entry) {
      if (why === undefined) outcome.failed.set(i, 'no translation');
      outcome.errors.push(`${unitLocation(pair.source, unit)} → ${pair.target}: ${unitName(unit)}: ${failed(i)}`);
      return undefined;
    }
    const text = restore(unit.protected, entry.target);
    for (const term of options.glossary.termsFor(pair.locale, unit.protected.text)) {
      if (!text.toLowerCase().includes(term.target.toLowerCase())) outcome.warnings.push(`${pair.target}: ${unitName(unit)}: glossary term "${term.source}" not rendered as "${term.target}"`);
    }
    return text;
  };
  // Rendering and checking a large document take a while: let lock renewals and replies in between.
  await yieldToEventLoop();
  const file = path.join(options.root, pair.target);
  if (format.renderTo) return renderInPieces(state, options, outcome, file, translate, ids, failed);
  const rendered = format.render(doc, target, translate);
  await yieldToEventLoop();
  if (!mayWrite(state, options, outcome, ids)) return;
  const problem = format.verify?.(doc, rendered, target);
  await yieldToEventLoop();
  if (problem) return refuse(outcome, pair.target, problem);
  const text = (state.bom ? '\ufeff' : '') + rendered;
  const same = await sameContent(file, text);
  if (!same) await writeAtomic(file, text, { modeFrom: path.join(options.root, pair.source) });
  outcome.status = same ? 'unchanged' : 'written';
  record(state, ids, writtenHashes(state, rendered), options.state, (i) => failed(i) !== undefined);
  options.state.setWrittenDigest(pair.target, undefined);
}

/** The pair with its source document: one let go of after planning is read again, and must be the file that was planned. */
async function withDocument(state: PairView, root: string): Promise<PairView> {
  if (state.doc !== undefined) return state;
  const again = await readDocument(root, state.pair.source, state.format, state.target.options);
  if (again.digest.size !== state.sourceDigest.size || again.digest.sha256 !== state.sourceDigest.sha256) {
    throw new Error(`${state.pair.source} changed during the run; run again`);
  }
  return { ...state, doc: again.doc };
}

/** A rendered target that failed its check: not written, and said why. */
function refuse(outcome: AssembleOutcome, target: string, problem: string): void {
  outcome.errors.push(`${target}: not written: ${problem}`);
  outcome.status = 'failed';
}

/** Once rendered: whether the file may be written (`skip-file` writes none with a failed unit); the units must be those planned. */
function mayWrite(state: PairView, options: AssembleOptions, outcome: AssembleOutcome, ids: readonly string[]): boolean {
  if (ids.length !== state.keys.length) throw new Error(`${state.pair.source}: its units changed since planning`);
  if ((state.failed.size || outcome.failed.size) && options.onFailure === 'skip-file') {
    outcome.status = 'failed';
    return false;
  }
  return true;
}

/**
 * For a format that renders in pieces: they go straight into the file beside the target, which takes
 * the target's place only if it differs; what each unit reads as in it is hashed on the way.
 */
async function renderInPieces(state: PairView, options: AssembleOptions, outcome: AssembleOutcome, file: string, translate: Translate, ids: string[], failed: (i: number) => string | undefined): Promise<void> {
  const { pair, format, doc, target } = state;
  const writer = await AtomicFileWriter.openOrDigest(file, { modeFrom: path.join(options.root, pair.source) });
  try {
    const written = new UnitHashes(ids, state.keys.length);
    if (state.bom) writer.write('\ufeff');
    const check = format.renderTo!(doc, target, translate, { write: (piece) => writer.write(piece), written: (units) => written.add(units) });
    await yieldToEventLoop();
    if (!mayWrite(state, options, outcome, ids)) return;
    const digest = writer.digest();
    const same = await sameDigest(file, digest);
    if (!same) {
      // Only where the render could not vouch for its output: read back and checked as a whole.
      const problem = check ? format.verify?.(doc, decodeText(await writer.bytes()).text, target) : null;
      if (problem) return refuse(outcome, pair.target, problem);
      await writer.commit();
    }
    outcome.status = same ? 'unchanged' : 'written';
    record(state, ids, (_id, i) => written.at(i), options.state, (i) => failed(i) !== undefined);
    // Nothing of a person's in it, every unit written: the next run need not read it for hand edits while it stays so.
    const machineOnly = !state.kept.size && !state.failed.size && !outcome.failed.size;
    options.state.setWrittenDigest(pair.target, machineOnly ? digest : undefined);
  } finally {
    // After a commit there is nothing left to discard.
    await writer.discard();
  }
}

/**
 * Remembers what the machine wrote for each unit, as the format reads it back, to notice later edits;
 * a unit kept as a person wrote it keeps the record it was matched to; units no longer in the source are forgotten.
 */
function record(state: PairView, ids: readonly string[], written: WrittenHashes | undefined, targets: TargetState, isFailed: (unit: number) => boolean): void {
  const { format, doc, target } = state;
  if (!written) return;
  const matched = format.match?.(doc, target);
  ids.forEach((id, i) => {
    const previous = matched ? matched.units.get(id)?.record : target.records?.byUnit.get(id);
    // A person's text the state had no record of (a target translated before this tool): recorded as a hand
    // edit of the current source over no machine text, so later runs keep it and flag a source change.
    if (state.kept.has(id)) targets.set(state.pair.target, id, previous ?? { source: state.keys[i], output: '' });
    const output = written(id, i);
    if (output === undefined || state.kept.has(id) || isFailed(i)) return;
    targets.set(state.pair.target, id, { source: state.keys[i], output });
  });
  targets.prune(state.pair.target, ids);
}

/** The hash of a unit's text as the format reads the written target back, by unit id (and place). */
type WrittenHashes = (id: string, index: number) => string | undefined;

/** What `current` (or `written`) reads in a target rendered whole: hashed as asked for. */
function writtenHashes(state: PairView, rendered: string): WrittenHashes | undefined {
  const { format, doc, target } = state;
  const written = format.written ? format.written(doc, target, rendered) : format.current?.(doc, { ...target, existing: rendered });
  return written && ((id) => {
    const text = written.get(id);
    return text === undefined ? undefined : contentHash(text);
  });
}
