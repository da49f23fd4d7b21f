import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { isMissing } from './read-failure.ts';
import { isTempName } from './atomic-file-writer.ts';

/**
 * Deletes the temporary files an earlier run killed mid-write (`kill -9`) left in these folders.
 * Only names writeAtomic makes are touched, and only regular files; returns what was removed.
 */
export async function removeLeftovers(folders: Iterable<string>): Promise<string[]> {
  const removed: string[] = [];
  for (const folder of new Set(folders)) {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) continue;
      throw error;
    }
    for (const entry of entries) {
      if (!entry.isFile() || !isTempName(entry.name)) continue;
      const file = path.join(folder, entry.name);
      await rm(file, { force: true });
      removed.push(file);
    }
  }
  return removed;
}
