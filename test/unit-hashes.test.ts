import { describe, expect, it } from 'vitest';
import { UnitHashes } from '../src/assemble/unit-hashes.ts';
import { contentHash } from '../src/segments/hash.ts';

describe('UnitHashes', () => {
  it("keeps each unit's hash at its place as the reading follows the render, string by string", () => {
    const ids: string[] = [];
    const hashes = new UnitHashes(ids, 5);
    // The render asks for a string's units, then the reading gives what was written there.
    ids.push('/a');
    hashes.add([['/a', 'A']]);
    hashes.add([['/percent', '{{n}}%']]); // nothing to translate: no unit
    ids.push('/m/run1', '/m/run2'); // an ICU message: its runs asked for, then read back
    hashes.add([['/m/run1', 'eins'], ['/m/run2', 'zwei']]);
    ids.push('/empty'); // rendered empty: the reading gives nothing for it
    hashes.add([]);
    ids.push('/b');
    hashes.add([['/b', 'B']]);
    expect([0, 1, 2, 3, 4].map((i) => hashes.at(i))).toEqual([contentHash('A'), contentHash('eins'), contentHash('zwei'), undefined, contentHash('B')]);
  });

  it('searches only the units asked for since the last string: a string read back otherwise (a translation that changed how an ICU message parses) costs no search of the rest', () => {
    const ids: string[] = [];
    const n = 200_000;
    const hashes = new UnitHashes(ids, n + 1);
    for (let i = 0; i < n; i++) {
      ids.push(`/s${i}/run`);
      hashes.add([[`/s${i}`, 'read whole']]); // not the unit's id: never matches
    }
    ids.push('/last');
    hashes.add([['/last', 'L']]);
    expect(hashes.at(0)).toBeUndefined();
    expect(hashes.at(n)).toBe(contentHash('L'));
  });
});
