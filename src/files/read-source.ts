import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ContentDigest } from './same-content.ts';
import { FormatError } from '../errors/format-error.ts';

export interface ReadText {
  readonly text: string;
  readonly bom: boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes a UTF-8 text file; refuses binary content and invalid UTF-8; sets a byte-order mark aside. */
export function decodeText(bytes: Uint8Array): ReadText {
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) throw new FormatError('binary file (contains NUL bytes), not text');
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    let line = 1;
    // Find the first bad byte for the message: decode growing prefixes line by line.
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== 0x0a) continue;
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        break;
      }
      line++;
      start = i + 1;
    }
    throw new FormatError('not valid UTF-8', line);
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { text: bom ? text.slice(1) : text, bom };
}

export async function readSource(file: string): Promise<ReadText> {
  return decodeText(await readFile(file));
}

/**
 * `readSource`, and the size and SHA-256 of the bytes, read a chunk at a time: a large file's bytes
 * are never held whole beside its text. What `decodeText` refuses is refused the same way.
 */
export async function readSourceWithDigest(file: string): Promise<ReadText & { digest: ContentDigest }> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const parts: string[] = [];
  let size = 0;
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      if (size === 0 && chunk.subarray(0, 8192).includes(0)) throw new FormatError('binary file (contains NUL bytes), not text');
      hash.update(chunk);
      size += chunk.length;
      parts.push(decoder.decode(chunk, { stream: true }));
    }
    parts.push(decoder.decode());
  } catch (error) {
    // Not UTF-8: read whole once more, for the line of the first bad byte.
    if (error instanceof TypeError) decodeText(await readFile(file));
    throw error;
  }
  const text = parts.join('');
  const bom = text.charCodeAt(0) === 0xfeff;
  return { text: bom ? text.slice(1) : text, bom, digest: { size, sha256: hash.digest('hex') } };
}
