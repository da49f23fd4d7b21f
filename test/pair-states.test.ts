import { describe, expect, it } from 'vitest';
import type { Format } from '../src/formats/format.ts';
import type { PairState } from '../src/pipeline/pair-state.ts';
import { PairStates } from '../src/run/pair-states.ts';

/** A planned pair whose units have these memory keys, all pending. */
function pair(index: number, keys: string[], locale = 'de'): PairState {
  return {
    index, pair: { group: 0, format: 'json', source: 'en.json', target: `${locale}.json`, locale }, format: {} as Format<unknown>, doc: {}, sourceDigest: { size: 2, sha256: '' }, bom: false,
    target: { locale, language: 'German', sourceLocale: 'en', machine: 'pseudo', options: {} as never }, context: { model: 'pseudo', sourceLang: 'English', targetLang: 'German' },
    keys, unitCount: keys.length, kept: new Map(), conflicts: [], warnings: [], pending: new Set(keys), reused: 0, copied: 0, failed: new Map(), errors: [],
  };
}

describe('PairStates', () => {
  it('keeps what is pending once, fails every unit of a failed key (and only those), and completes each pair on its last key', () => {
    const de = pair(0, ['A', 'B', 'A', 'C']);
    const pt = pair(1, ['C', 'D'], 'pt-BR');
    const states = new PairStates([de, pt]);
    expect([de.pending.size, pt.pending.size, states.segmentsTotal]).toEqual([3, 2, 5]);
    expect(states.resolve('B')).toEqual([]);
    expect(states.resolve('A', 'refused')).toEqual([]);
    expect([...de.failed]).toEqual([[0, 'refused'], [2, 'refused']]);
    expect([de.pending.has('A'), de.pending.has('C'), [...de.pending]]).toEqual([false, true, ['C']]);
    // A key two pairs wait for completes both; the failure reaches both.
    expect(states.resolve('C', 'timeout').map((s) => s.index)).toEqual([0]);
    expect([...de.failed]).toEqual([[0, 'refused'], [2, 'refused'], [3, 'timeout']]);
    expect([...pt.failed]).toEqual([[0, 'timeout']]);
    // Resolved already: nothing waits for it.
    expect(states.resolve('C', 'again')).toEqual([]);
    expect(states.resolve('D').map((s) => s.index)).toEqual([1]);
    expect([pt.failed.size, states.segmentsDone, de.pending.size, pt.pending.size]).toEqual([1, 5, 0, 0]);
  });
});
