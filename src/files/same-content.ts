import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { isMissing } from './read-failure.ts';
import { CHUNK_CHARS, textChunks } from './text-chunks.ts';

/** Slices of `bytes` of about a chunk each. */
function* byteChunks(bytes: Uint8Array): Generator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += CHUNK_CHARS) yield bytes.subarray(start, start + CHUNK_CHARS);
}

/** Whether `file` holds exactly `content` (text as UTF-8), read and compared a chunk at a time. False if it does not exist. */
export async function sameContent(file: string, content: string | Uint8Array): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const { size } = await handle.stat();
    if (size !== (typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.length)) return false;
    let position = 0;
    const chunks = typeof content === 'string' ? (function* () {
      for (const chunk of textChunks(content)) yield Buffer.from(chunk, 'utf8');
    })() : byteChunks(content);
    for (const expected of chunks) {
      const actual = Buffer.alloc(expected.length);
      const { bytesRead } = await handle.read(actual, 0, actual.length, position);
      if (bytesRead !== expected.length || !actual.equals(expected)) return false;
      position += bytesRead;
    }
    return true;
  } finally {
    await handle.close();
  }
}

/** A file's content as its size and SHA-256 (hex). */
export interface ContentDigest {
  readonly size: number;
  readonly sha256: string;
}

/** Whether `file` has this size and digest, read a chunk at a time. False if it does not exist. */
export async function sameDigest(file: string, digest: ContentDigest): Promise<boolean> {
  try {
    if ((await stat(file)).size !== digest.size) return false;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex') === digest.sha256;
}
