import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, stat, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicFileWriter } from '../src/files/atomic-file-writer.ts';
import { sameDigest } from '../src/files/same-content.ts';
import { CHUNK_CHARS } from '../src/files/text-chunks.ts';

async function dir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'tl-writer-'));
}

describe('AtomicFileWriter', () => {
  it('writes pieces beside the file and puts them in place only on commit, keeping the mode', async () => {
    const d = await dir();
    const file = path.join(d, 'de.json');
    await writeFile(file, 'old');
    await chmod(file, 0o640);
    const out = await AtomicFileWriter.open(file);
    out.write('{"a": ');
    out.write('"Grüße 👋"');
    out.write('}\n');
    expect(await readFile(file, 'utf8')).toBe('old');
    expect((await readdir(d)).length).toBe(2);
    expect((await out.bytes()).toString('utf8')).toBe('{"a": "Grüße 👋"}\n');
    await out.commit();
    expect(await readFile(file, 'utf8')).toBe('{"a": "Grüße 👋"}\n');
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readdir(d)).toEqual(['de.json']);
  });

  it('leaves the file as it was and no temporary file when discarded', async () => {
    const d = await dir();
    const file = path.join(d, 'de.json');
    await writeFile(file, 'a person\'s work');
    const out = await AtomicFileWriter.open(file);
    out.write('machine text');
    await out.discard();
    await out.discard();
    expect(await readFile(file, 'utf8')).toBe('a person\'s work');
    expect(await readdir(d)).toEqual(['de.json']);
    expect(() => out.write('more')).toThrow(/after it was committed or discarded/);
  });

  it('encodes a text larger than a chunk a chunk at a time, a surrogate pair across the boundary intact', async () => {
    const d = await dir();
    const file = path.join(d, 'big.txt');
    const text = 'a'.repeat(CHUNK_CHARS - 1) + '😀' + 'b'.repeat(10);
    const out = await AtomicFileWriter.open(file);
    out.write(text);
    await out.commit();
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it("gives the size and SHA-256 of what it wrote, which sameDigest compares with a file's", async () => {
    const d = await dir();
    const file = path.join(d, 'de.json');
    const text = '{"b": "Ä"}\n';
    await writeFile(file, text);
    const out = await AtomicFileWriter.open(file);
    out.write(text);
    const digest = out.digest();
    expect(digest).toEqual({ size: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') });
    expect(await sameDigest(file, digest)).toBe(true);
    await writeFile(file, '{"b": "A"}\n');
    expect(await sameDigest(file, digest)).toBe(false);
    expect(await sameDigest(path.join(d, 'absent.json'), digest)).toBe(false);
    await out.discard();
  });
});
