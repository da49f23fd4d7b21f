import { readFile } from 'node:fs/promises';
import type { Format } from '../formats/format.ts';
import { decodeText, setBomAside, type ReadText } from './read-source.ts';
import { isMissing, readFailure } from './read-failure.ts';
import { UnreadableFileError } from '../errors/unreadable-file-error.ts';

/**
 * An existing target's text (its byte-order mark set aside), or undefined when there is none. A
 * target that is there but cannot be read (permissions, invalid bytes for its charset) throws: it may
 * hold a person's work, so it must never be taken for absent and replaced.
 */
export async function readTarget(file: string, name: string, format: Pick<Format<unknown>, 'decode'>): Promise<ReadText | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if (isMissing(error)) return undefined;
    const { reason } = readFailure(error);
    throw new UnreadableFileError(name, reason);
  }
  try {
    return format.decode ? setBomAside(format.decode(bytes)) : decodeText(bytes);
  } catch (error) {
    const { reason, line } = readFailure(error);
    throw new UnreadableFileError(name, reason, line);
  }
}

/**
 * Whether the written target starts with a byte-order mark: as the text it is made from. That is the
 * source, except where the format merges into an existing target (PO): a catalogue with entries keeps
 * its own mark or its lack of one; an empty one is made from the template, as a new one is.
 */
export function targetBom(format: Pick<Format<unknown>, 'mergesIntoTarget'>, source: boolean, existing: ReadText | undefined): boolean {
  return format.mergesIntoTarget && existing !== undefined && existing.text.trim() !== '' ? existing.bom : source;
}
