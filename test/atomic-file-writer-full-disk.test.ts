import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// A disk that fills up under the write: every write fails as ENOSPC would.
vi.mock('node:fs', async (original) => ({
  ...(await original<typeof import('node:fs')>()),
  writeSync: () => {
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  },
}));

const { writeAtomic } = await import('../src/files/write-atomic.ts');

describe('writeAtomic on a full disk', () => {
  it('fails, leaving the file as it was, no temporary file and no descriptor open', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-full-'));
    const file = path.join(dir, 'state.json');
    await writeFile(file, 'before');
    const open = async () => (await readdir('/proc/self/fd')).length;
    const fds = await open();
    await expect(writeAtomic(file, 'a small text, written only when committed')).rejects.toThrow(/ENOSPC/);
    expect(await readFile(file, 'utf8')).toBe('before');
    expect(await readdir(dir)).toEqual(['state.json']);
    expect(await open()).toBe(fds);
  });
});
