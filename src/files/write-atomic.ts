import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { textChunks } from './text-chunks.ts';

/**
 * Writes beside the target and renames over it, so no reader ever sees half a file. Text is encoded
 * chunk by chunk (or piece by piece), so a large file is not copied whole into a buffer first.
 */
export async function writeAtomic(file: string, data: string | Uint8Array | Iterable<string>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'w');
    try {
      if (data instanceof Uint8Array) await handle.writeFile(data);
      else for (const piece of typeof data === 'string' ? [data] : data) for (const chunk of textChunks(piece)) await handle.write(chunk, null, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
