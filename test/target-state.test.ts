import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

describe('target state: reading the file', () => {
  const records = { 'a/de.json': { '/k': ['S1', 'O1', 'reviewed'], '/l': ['S2', 'O2'] }, 'b/de.json': { '/m': ['S3', 'O3'] } };

  it.each([
    ['as save writes it', () => '{\n "a/de.json": {\n  "/k": ["S1", "O1", "reviewed"],\n  "/l": ["S2", "O2"]\n },\n "b/de.json": {\n  "/m": ["S3", "O3"]\n }\n}\n'],
    ['on one line', (o: object) => JSON.stringify(o)],
    ['indented otherwise', (o: object) => JSON.stringify(o, null, 4)],
  ])('reads the same records %s', async (_name, write) => {
    dir = await mkdtemp(path.join(tmpdir(), 'tl-state-'));
    await writeFile(path.join(dir, 'state.json'), write(records));
    const state = TargetState.in(dir);
    await state.load();
    expect(state.get('a/de.json', '/k')).toEqual({ source: 'S1', output: 'O1', reviewed: true });
    expect(state.get('a/de.json', '/l')).toEqual({ source: 'S2', output: 'O2' });
    expect(state.get('b/de.json', '/m')).toEqual({ source: 'S3', output: 'O3' });
    state.set('b/de.json', '/n', { source: 'S4', output: 'O4' });
    await state.save();
    expect(JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8'))).toEqual({ ...records, 'b/de.json': { '/m': ['S3', 'O3'], '/n': ['S4', 'O4'] } });
  });

  it('refuses a state file that is not JSON, line by line or whole', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tl-state-'));
    await writeFile(path.join(dir, 'state.json'), '{\n "a/de.json": {\n  "/k": ["S1", "O1"],\n }\n}\n');
    await expect(TargetState.in(dir).load()).rejects.toThrow(SyntaxError);
  });
});

describe('target state: records set against the current units', () => {
  it('finds a record by id, else by source key (ids of older versions), and forgets pruned units', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tl-state-'));
    const state = TargetState.in(dir);
    state.set('docs/de/a.md', 'paragraph@0', { source: 'K1', output: 'O1' });
    state.set('docs/de/a.md', 'paragraph@40', { source: 'K2', output: 'O2' });
    state.set('docs/de/a.md', 'heading:abc', { source: 'K3', output: 'O3' });
    const records = state.recordsFor('docs/de/a.md', ['heading:abc', 'paragraph:x'], ['K9', 'K2']);
    expect(records.byUnit.get('heading:abc')).toEqual({ source: 'K3', output: 'O3' });
    expect(records.byUnit.get('paragraph:x')).toEqual({ source: 'K2', output: 'O2' });
    expect([...records.orphans.keys()]).toEqual(['O1']);
    state.prune('docs/de/a.md', ['heading:abc']);
    await state.save();
    expect(JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8'))).toEqual({ 'docs/de/a.md': { 'heading:abc': ['K3', 'O3'] } });
  });

  it('finds a record no unit has when two units share an id (an ICU run /a@0 beside a key "a@0")', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tl-state-'));
    const state = TargetState.in(dir);
    state.set('de.json', '/a@0', { source: 'K1', output: 'O1' });
    state.set('de.json', '/old', { source: 'K2', output: 'O2' });
    // As many ids as records, each one's record found: a count alone would take /old for a current unit's.
    const records = state.recordsFor('de.json', ['/a@0', '/a@0'], ['K1', 'K3']);
    expect([...records.orphans.keys()]).toEqual(['O2']);
    state.prune('de.json', ['/a@0', '/a@0']);
    expect(state.get('de.json', '/old')).toBeUndefined();
    expect(state.get('de.json', '/a@0')).toEqual({ source: 'K1', output: 'O1' });
  });
});

describe('target state: targets as a run last wrote them', () => {
  const digest = { size: 42, sha256: 'a'.repeat(64) };

  it('keeps a target\'s digest across a save, forgets it when a person accepts a text, and never trusts it beside an accepted record', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tl-state-'));
    const state = TargetState.in(dir);
    state.set('de.json', '/x', { source: 'AAA', output: 'BBB' });
    state.setWrittenDigest('de.json', digest);
    await state.save();
    const text = await readFile(path.join(dir, 'state.json'), 'utf8');
    expect(text).toBe(`{\n "de.json": {\n  "\\u0000written": ["${'a'.repeat(64)}", "42"],\n  "/x": ["AAA", "BBB"]\n }\n}\n`);
    const again = TargetState.in(dir);
    await again.load();
    expect(again.writtenDigest('de.json')).toEqual(digest);
    expect(again.get('de.json', '\u0000written')).toBeUndefined();
    expect(again.recordsFor('de.json', ['/x'], ['AAA']).byUnit.size).toBe(1);
    again.set('de.json', '/x', { source: 'AAA', output: 'BBB', reviewed: true });
    expect(again.writtenDigest('de.json')).toBeUndefined();
    // Written by hand (or by a merge) beside an accepted text: not trusted.
    await writeFile(path.join(dir, 'state.json'), text.replace('["AAA", "BBB"]', '["AAA", "BBB", "reviewed"]'));
    const edited = TargetState.in(dir);
    await edited.load();
    expect(edited.writtenDigest('de.json')).toBeUndefined();
    await writeFile(path.join(dir, 'state.json'), JSON.stringify(JSON.parse(text), null, 4));
    const other = TargetState.in(dir);
    await other.load();
    expect(other.writtenDigest('de.json')).toEqual(digest);
  });
});
