import { describe, expect, it } from 'vitest';
import { UnitHashes } from '../src/assemble/unit-hashes.ts';
import { contentHash } from '../src/segments/hash.ts';

describe('UnitHashes', () => {
  it('keeps each unit\'s hash at its place as the reading follows the render, passing over strings that are no unit', () => {
    const ids: string[] = [];
    const hashes = new UnitHashes(ids, 4);
    // The render asks for a unit, then the reading gives what was written there.
    ids.push('/a');
    hashes.add('/a', 'A');
    hashes.add('/percent', '{{n}}%'); // nothing to translate: no unit
    ids.push('/m/run1', '/m/run2'); // an ICU message: its runs asked for, then read back
    hashes.add('/m/run1', 'eins');
    hashes.add('/m/run2', 'zwei');
    ids.push('/empty'); // rendered empty: the reading gives nothing for it
    expect([0, 1, 2, 3].map((i) => hashes.at(i))).toEqual([contentHash('A'), contentHash('eins'), contentHash('zwei'), undefined]);
  });
});
