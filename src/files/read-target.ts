import { readFile } from 'node:fs/promises';
import type { Format } from '../formats/format.ts';
import { decodeText } from './read-source.ts';
import { isMissing, readFailure } from './read-failure.ts';
import { UnreadableFileError } from '../errors/unreadable-file-error.ts';

/**
 * An existing target's text, or undefined when there is none. A target that is there but cannot be
 * read (permissions, invalid bytes for its charset) throws: it may hold a person's work, so it must
 * never be taken for absent and replaced.
 */
export async function readTarget(file: string, name: string, format: Pick<Format<unknown>, 'decode'>): Promise<string | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if (isMissing(error)) return undefined;
    const { reason } = readFailure(error);
    throw new UnreadableFileError(name, reason);
  }
  try {
    return format.decode ? format.decode(bytes) : decodeText(bytes).text;
  } catch (error) {
    const { reason, line } = readFailure(error);
    throw new UnreadableFileError(name, reason, line);
  }
}
