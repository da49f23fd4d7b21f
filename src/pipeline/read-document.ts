import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readSourceWithDigest, setBomAside } from '../files/read-source.ts';
import type { ContentDigest } from '../files/same-content.ts';
import type { Format } from '../formats/format.ts';
import { withinParseBudget } from '../formats/parse-budget.ts';

/** A source file as the format parsed it, and the size and SHA-256 of the bytes it was parsed from. */
export interface SourceDocument {
  readonly doc: unknown;
  readonly bom: boolean;
  /** Characters of text parsed. */
  readonly size: number;
  readonly digest: ContentDigest;
}

/** Reads and parses a source file (`source` relative to `root`): planning does, and assembling does again a document let go of meanwhile. */
export async function readDocument(root: string, source: string, format: Format<unknown>, options: unknown): Promise<SourceDocument> {
  const file = path.join(root, source);
  const { text, bom, digest } = format.decode ? await decodedBy(format.decode, file) : await readSourceWithDigest(file);
  return { doc: withinParseBudget(format, text, () => format.parse({ path: source, text, options })), bom, size: text.length, digest };
}

/** A file a format decodes itself (a catalogue's charset): read whole. */
async function decodedBy(decode: (bytes: Uint8Array) => string, file: string): Promise<{ text: string; bom: boolean; digest: ContentDigest }> {
  const bytes = await readFile(file);
  return { ...setBomAside(decode(bytes)), digest: { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } };
}
