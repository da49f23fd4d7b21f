import { describe, expect, it } from 'vitest';
import { KeyOffsets } from '../src/memory/key-offsets.ts';
import { contentHash } from '../src/segments/hash.ts';

describe('KeyOffsets', () => {
  it('behaves as a Map of key → offset through growth, updates, deletions and re-insertions', () => {
    const table = new KeyOffsets();
    const model = new Map<string, number>();
    const keys = Array.from({ length: 30_000 }, (_, i) => contentHash(String(i)));
    keys.forEach((k, i) => {
      table.set(k, i * 7);
      model.set(k, i * 7);
    });
    for (let i = 0; i < keys.length; i += 3) {
      expect(table.delete(keys[i])).toBe(model.delete(keys[i]));
    }
    expect(table.delete(keys[0])).toBe(false);
    for (let i = 0; i < keys.length; i += 5) {
      table.set(keys[i], i + 1);
      model.set(keys[i], i + 1);
    }
    expect(table.size).toBe(model.size);
    for (const k of keys) {
      expect(table.get(k)).toBe(model.get(k));
      expect(table.has(k)).toBe(model.has(k));
    }
    expect(new Map(table)).toEqual(model);
    expect([...table.keys()].sort()).toEqual([...model.keys()].sort());
  });

  it('keeps keys of another shape, and offsets past 4 GiB, as they are', () => {
    const table = new KeyOffsets();
    table.set('short', 1);
    table.set('ünïcode key of any length', 2);
    const hash = contentHash('x');
    table.set(hash, 2 ** 33);
    expect(table.get('short')).toBe(1);
    expect(table.get('ünïcode key of any length')).toBe(2);
    expect(table.get(hash)).toBe(2 ** 33);
    table.set(hash, 5);
    expect(table.get(hash)).toBe(5);
    expect(table.size).toBe(3);
    expect(table.get(contentHash('y'))).toBeUndefined();
    expect(new Map(table)).toEqual(new Map([[hash, 5], ['short', 1], ['ünïcode key of any length', 2]]));
  });
});
