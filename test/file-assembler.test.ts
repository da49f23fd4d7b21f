import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileAssembler } from '../src/assemble/file-assembler.ts';
import type { Format } from '../src/formats/format.ts';
import { Glossary } from '../src/glossary/glossary.ts';
import { MemoryStore } from '../src/memory/memory-store.ts';
import { TargetState } from '../src/memory/target-state.ts';
import type { PairState, PairView } from '../src/pipeline/pair-state.ts';
import { PairStates } from '../src/run/pair-states.ts';

/** A pair whose format renders with `render` (one unit, already translated by hand: no memory needed). */
function pair(index: number, render: () => string): PairState {
  const format = { render, units: () => [] } as unknown as Format<unknown>;
  return {
    index, pair: { group: 0, format: 'json', source: `en/${index}.json`, target: `de/${index}.json`, locale: 'de' }, format, doc: {}, sourceDigest: { size: 2, sha256: '' }, bom: false,
    target: { locale: 'de', language: 'German', sourceLocale: 'en', machine: 'pseudo', options: {} as never }, context: { model: 'pseudo', sourceLang: 'English', targetLang: 'German' },
    keys: [], unitCount: 0, kept: new Map(), conflicts: [], warnings: [], pending: new Set(), reused: 0, copied: 0, failed: new Map(), errors: [],
  };
}

async function assembler(states: PairStates, done: PairView[], concurrency?: number): Promise<{ assembler: FileAssembler; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-assemble-'));
  const options = { root: dir, memory: new MemoryStore(dir), state: TargetState.in(dir), glossary: Glossary.empty(), onFailure: 'skip-file' as const };
  return { assembler: new FileAssembler({ ...options, states, concurrency, onDone: (s) => done.push(s) }), dir };
}

describe('FileAssembler (in process, no Redis)', () => {
  it('an exception while assembling fails that file only, as "<target>: not written: <message>"', async () => {
    const states = new PairStates([pair(0, () => { throw new Error('render broke'); }), pair(1, () => '{}\n')]);
    const done: PairView[] = [];
    const { assembler: a, dir } = await assembler(states, done);
    for (const s of states.all) a.assemble(s);
    await a.idle();
    expect(done.map((s) => [s.pair.target, s.status])).toEqual([['de/0.json', 'failed'], ['de/1.json', 'written']]);
    expect(states.all[0].errors).toEqual(['de/0.json: not written: render broke']);
    expect(states.filesDone).toBe(2);
    expect(await readdir(path.join(dir, 'de'))).toEqual(['1.json']);
  });

  it('once stopped (a cancelled run), starts no new file; the one being written finishes', async () => {
    let stop = () => {};
    // The first file stops the assembler while it renders, as a cancel arriving mid-write would.
    const states = new PairStates([pair(0, () => (stop(), '{}\n')), pair(1, () => '{}\n'), pair(2, () => '{}\n')]);
    const done: PairView[] = [];
    const { assembler: a } = await assembler(states, done, 1);
    stop = () => a.stop();
    for (const s of states.all) a.assemble(s);
    await a.idle();
    expect(done.map((s) => [s.pair.target, s.status])).toEqual([['de/0.json', 'written']]);
    expect(states.all.map((s) => s.status)).toEqual(['written', undefined, undefined]);
  });
});
