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

/** Bytes at the start of a file looked at for a NUL: a text file has none. */
const BINARY_PROBE = 8192;

function refuseBinary(start: Uint8Array): void {
  if (start.subarray(0, BINARY_PROBE).includes(0)) throw new FormatError('binary file (contains NUL bytes), not text');
}

/** The text without its byte-order mark, and whether it had one: every reader of a source or target sets it aside here. */
export function setBomAside(text: string): ReadText {
  const bom = text.charCodeAt(0) === 0xfeff;
  return { text: bom ? text.slice(1) : text, bom };
}

/** Decodes a UTF-8 text file; refuses binary content and invalid UTF-8; sets a byte-order mark aside. */
export function decodeText(bytes: Uint8Array): ReadText {
  refuseBinary(bytes);
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
  return setBomAside(text);
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
      if (size < BINARY_PROBE) refuseBinary(chunk.subarray(0, BINARY_PROBE - size));
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
  return { ...setBomAside(parts.join('')), digest: { size, sha256: hash.digest('hex') } };
}
