import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, readSourceWithDigest } from '../src/files/read-source.ts';

describe('readSourceWithDigest', () => {
  it('reads a file of many chunks as decodeText does, characters split between chunks included, with its digest', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-read-source-'));
    const lines = Array.from({ length: 20_000 }, (_, i) => `"k${i}": "naïve 日本語 ${i} 🚀",`);
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\n'), 'utf8')]);
    const file = path.join(dir, 'big.json');
    await writeFile(file, bytes);
    const read = await readSourceWithDigest(file);
    expect({ text: read.text, bom: read.bom }).toEqual(decodeText(bytes));
    expect(read.digest).toEqual({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  });

  it('refuses what decodeText refuses, with the line of the first bad byte', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-read-source-'));
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, Buffer.concat([Buffer.from('"ok": "fine",\n'.repeat(9_000)), Buffer.from('"x": "caf\xe9"\n', 'latin1')]));
    await expect(readSourceWithDigest(bad)).rejects.toMatchObject({ message: 'not valid UTF-8', line: 9_001 });
    const binary = path.join(dir, 'logo.json');
    await writeFile(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    await expect(readSourceWithDigest(binary)).rejects.toThrow(/binary file/);
  });
});
