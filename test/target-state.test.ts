import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TargetState } from '../src/memory/target-state.ts';

let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('target state', () => {
  it('saves sorted, one line per unit, and reads back what it saved', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tl-state-'));
    const state = TargetState.in(dir);
    state.set('b/de.json', '/x', { source: 'AAA', output: 'BBB' });
    state.set('b/de.json', '/a"q', { source: 'CCC', output: 'DDD' });
    state.set('a/fr.json', '/z', { source: 'EEE', output: 'FFF' });
    await state.save();
    const expected = { 'a/fr.json': { '/z': ['EEE', 'FFF'] }, 'b/de.json': { '/a"q': ['CCC', 'DDD'], '/x': ['AAA', 'BBB'] } };
    const text = await readFile(path.join(dir, 'state.json'), 'utf8');
    expect(JSON.parse(text)).toEqual(expected);
    expect(text).toBe('{\n "a/fr.json": {\n  "/z": ["EEE", "FFF"]\n },\n "b/de.json": {\n  "/a\\"q": ["CCC", "DDD"],\n  "/x": ["AAA", "BBB"]\n }\n}\n');
    const again = TargetState.in(dir);
    await again.load();
    expect(again.get('b/de.json', '/a"q')).toEqual({ source: 'CCC', output: 'DDD' });
    expect(again.get('b/de.json', '/missing')).toBeUndefined();
  });
});

describe('target state: records set against the current units', () => {
  it('finds a record by id, else by source key (ids of older versions), and forgets pruned units', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tl-state-'));
    const state = TargetState.in(dir);
    state.set('docs/de/a.md', 'paragraph@0', { source: 'K1', output: 'O1' });
    state.set('docs/de/a.md', 'paragraph@40', { source: 'K2', output: 'O2' });
    state.set('docs/de/a.md', 'heading:abc', { source: 'K3', output: 'O3' });
    const records = state.recordsFor('docs/de/a.md', [{ id: 'heading:abc', key: 'K9' }, { id: 'paragraph:x', key: 'K2' }]);
    expect(records.byUnit.get('heading:abc')).toEqual({ source: 'K3', output: 'O3' });
    expect(records.byUnit.get('paragraph:x')).toEqual({ source: 'K2', output: 'O2' });
    expect([...records.orphans.keys()]).toEqual(['O1']);
    state.prune('docs/de/a.md', ['heading:abc']);
    await state.save();
    expect(JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8'))).toEqual({ 'docs/de/a.md': { 'heading:abc': ['K3', 'O3'] } });
  });
});
