import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemoryEntry } from '../src/memory/memory-entry.ts';
import { MemoryStore } from '../src/memory/memory-store.ts';

let dir: string;
const file = () => path.join(dir, 'memory', 'de.jsonl');
const entry = (key: string, source: string, target: string): MemoryEntry => ({ key, source, target, model: 'qwen-mt-flash', at: '2026-11-25T00:00:00.000Z' });

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tl-memory-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('memory store', () => {
  it('reads entries back from their lines, later lines winning, across a reload', async () => {
    const store = new MemoryStore(dir);
    await store.add('de', [entry('k1', 'Save the file', 'Datei speichern'), entry('k2', 'Ünïcödé ✓ 日本', 'Ünïcödé ✓ 日本 (de)')]);
    await store.add('de', [entry('k1', 'Save the file', 'Die Datei speichern')]);
    expect(store.get('de', 'k1')?.target).toBe('Die Datei speichern');
    expect(store.get('de', 'k2')?.target).toBe('Ünïcödé ✓ 日本 (de)');
    expect(store.has('de', 'k3')).toBe(false);
    await store.close();
    const again = new MemoryStore(dir);
    await again.load('de');
    expect(again.get('de', 'k1')?.target).toBe('Die Datei speichern');
    expect(again.get('de', 'k2')?.source).toBe('Ünïcödé ✓ 日本');
    await again.close();
  });

  it('after a line cut short by a crash, loses only that entry and appends on a new line', async () => {
    await mkdir(path.dirname(file()), { recursive: true });
    await writeFile(file(), JSON.stringify(entry('k1', 'One', 'Eins')) + '\n' + '{"key":"k2","source":"Tw');
    const store = new MemoryStore(dir);
    await store.load('de');
    expect(store.get('de', 'k1')?.target).toBe('Eins');
    expect(store.has('de', 'k2')).toBe(false);
    await store.add('de', [entry('k3', 'Three', 'Drei')]);
    expect(store.get('de', 'k3')?.target).toBe('Drei');
    await store.close();
    const again = new MemoryStore(dir);
    await again.load('de');
    expect(again.get('de', 'k3')?.target).toBe('Drei');
    await again.close();
  });

  it('compacts to one sorted line per key, and still reads every entry', async () => {
    const store = new MemoryStore(dir, { examples: 2 });
    await store.add('de', [entry('b', 'Bravo text here', 'B1'), entry('a', 'Alpha text here', 'A1')]);
    await store.add('de', [entry('b', 'Bravo text here', 'B2')]);
    await store.compact('de');
    const lines = (await readFile(file(), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as MemoryEntry);
    expect(lines.map((e) => [e.key, e.target])).toEqual([['a', 'A1'], ['b', 'B2']]);
    expect(store.get('de', 'a')?.target).toBe('A1');
    expect(store.get('de', 'b')?.target).toBe('B2');
    expect(store.examples('de', 'some text here', 2).map((e) => e.target).sort()).toEqual(['A1', 'B2']);
    await store.close();
  });

  it('never drops entries another process appended, before the compaction or while it runs', async () => {
    const first = new MemoryStore(dir);
    await first.add('de', [entry('b', 'Bravo', 'B1'), entry('a', 'Alpha', 'A1')]);
    await first.add('de', [entry('b', 'Bravo', 'B2')]);
    const second = new MemoryStore(dir);
    await second.add('de', [entry('c', 'Charlie', 'C1'), entry('a', 'Alpha', 'A2')]);
    await second.close();
    // Appended by "another process" while the sorted lines are being written.
    const compacting = first.compact('de');
    await appendFile(file(), JSON.stringify(entry('d', 'Delta', 'D1')) + '\n');
    await compacting;
    const lines = (await readFile(file(), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as MemoryEntry);
    const latest = new Map(lines.map((e) => [e.key, e.target]));
    expect(Object.fromEntries(latest)).toEqual({ a: 'A2', b: 'B2', c: 'C1', d: 'D1' });
    expect(first.get('de', 'c')?.target).toBe('C1');
    expect(first.get('de', 'a')?.target).toBe('A2');
    await first.close();
  });

  it('compacts without reading the file again unless another process appended to it since', async () => {
    const first = new MemoryStore(dir);
    await first.add('de', [entry('a', 'Alpha', 'A1'), entry('b', 'Bravo', 'B1')]);
    const before = await readFile(file(), 'utf8');
    await first.compact('de');
    expect(await readFile(file(), 'utf8')).toBe(before);
    // Another process supersedes `a`: this store's own counts say "nothing to compact", the file says otherwise.
    await appendFile(file(), JSON.stringify(entry('a', 'Alpha', 'A2')) + '\n');
    await first.compact('de');
    const lines = (await readFile(file(), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as MemoryEntry);
    expect(lines.map((e) => [e.key, e.target])).toEqual([['a', 'A2'], ['b', 'B1']]);
    await first.close();
  });

  it('gives the closest remembered translations as tm_list examples, never unrelated ones', async () => {
    const store = new MemoryStore(dir, { examples: 2 });
    await mkdir(path.dirname(file()), { recursive: true });
    await appendFile(file(), [
      entry('k1', 'Delete the selected files', 'Ausgewählte Dateien löschen'),
      entry('k2', 'Upload your profile picture', 'Profilbild hochladen'),
      entry('k3', 'Delete selected folders', 'Ausgewählte Ordner löschen'),
    ].map((e) => JSON.stringify(e)).join('\n') + '\n');
    await store.load('de');
    expect(store.examples('de', 'Delete the selected images', 2)).toEqual([
      { source: 'Delete the selected files', target: 'Ausgewählte Dateien löschen' },
      { source: 'Delete selected folders', target: 'Ausgewählte Ordner löschen' },
    ]);
    expect(store.examples('de', 'Nothing alike', 2)).toEqual([]);
    expect(new MemoryStore(dir).examples('de', 'Delete the selected images', 2)).toEqual([]);
    await store.close();
  });

  it('keeps every entry findable when appends overlap, in this process or from another one', async () => {
    const store = new MemoryStore(dir);
    const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 5 }, (_, i) => entry(`k${b}-${i}`, `Text ${b} ${i}`, `Täxt ${b} ${i} ✓`)));
    await Promise.all(batches.map((batch) => store.add('de', batch)));
    for (const batch of batches) for (const e of batch) expect(store.get('de', e.key)?.target).toBe(e.target);
    // A second store (another run on the same project) appends between this one's appends.
    const other = new MemoryStore(dir);
    await other.add('de', [entry('other', 'Other', 'Andere')]);
    await store.add('de', [entry('mine', 'Mine', 'Meins')]);
    expect(store.get('de', 'mine')?.target).toBe('Meins');
    await other.add('de', [entry('other2', 'Other two', 'Andere zwei')]);
    await store.add('de', [entry('mine2', 'Mine two', 'Meins zwei')]);
    expect(store.get('de', 'mine2')?.target).toBe('Meins zwei');
    expect(store.get('de', 'k3-4')?.target).toBe('Täxt 3 4 ✓');
    // Rewritten in place in another order: offsets are wrong now, and the store finds its entries again.
    const lines = (await readFile(file(), 'utf8')).trim().split('\n').reverse();
    await writeFile(file(), lines.join('\n') + '\n');
    expect(store.get('de', 'k0-0')?.target).toBe('Täxt 0 0 ✓');
    expect(store.get('de', 'mine')?.target).toBe('Meins');
    await store.close();
    await other.close();
  });
});
