import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CHUNK_CHARS, textChunks } from './text-chunks.ts';
import { isMissing } from './read-failure.ts';

export interface WriteAtomicOptions {
  /** A file whose permissions a new file takes (a target gets its source's); an existing file keeps its own. */
  readonly modeFrom?: string;
}

/** `.NAME.HEX.tmp`: the only names writeAtomic leaves behind when killed mid-write (see removeLeftovers). */
const TEMP_NAME = /^\.(.+)\.[0-9a-f]{12}\.tmp$/;

function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** True for a file name writeAtomic itself made (and a crash may have left). */
export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** The permission bits the written file must have: those it has now, else those of `modeFrom`, else the default. */
async function modeFor(file: string, modeFrom?: string): Promise<number | undefined> {
  for (const f of modeFrom ? [file, modeFrom] : [file]) {
    try {
      return (await stat(f)).mode & 0o7777;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return undefined;
}

/**
 * Writes beside the target and renames over it, so no reader ever sees half a file; the file keeps
 * its permissions. Text is encoded chunk by chunk (or piece by piece), so a large file is not copied
 * whole into a buffer first.
 */
export async function writeAtomic(file: string, data: string | Uint8Array | Iterable<string>, options: WriteAtomicOptions = {}): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const mode = await modeFor(file, options.modeFrom);
  const tmp = tempNameFor(file);
  try {
    const handle = await open(tmp, 'w');
    try {
      // Set on the handle, not at open: the process umask must not narrow a 0664 target to 0644.
      if (mode !== undefined) await handle.chmod(mode);
      if (data instanceof Uint8Array) await handle.writeFile(data);
      else {
        // Small pieces (a line each) are gathered into writes of about a chunk: one write per line would be slow.
        let gathered: string[] = [];
        let size = 0;
        const flush = async () => {
          for (const chunk of textChunks(gathered.join(''))) await handle.write(chunk, null, 'utf8');
          gathered = [];
          size = 0;
        };
        for (const piece of typeof data === 'string' ? [data] : data) {
          gathered.push(piece);
          size += piece.length;
          if (size >= CHUNK_CHARS) await flush();
        }
        if (size) await flush();
      }
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
