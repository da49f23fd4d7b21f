import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Git } from './git.ts';

/**
 * The tree of `base` with `paths` (relative to the git working folder) as they are on disk,
 * built in a temporary index so the user's own index is never touched.
 */
export async function stageTree(git: Git, base: string, cwd: string, paths: readonly string[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-index-'));
  try {
    const indexed = git.with({ GIT_INDEX_FILE: path.join(dir, 'index') });
    await indexed.run(['read-tree', base]);
    const present = paths.filter((p) => existsSync(path.resolve(cwd, p)));
    if (present.length) {
      // From a file, not argv: a project can have more targets than a command line holds.
      const list = path.join(dir, 'paths');
      await writeFile(list, present.join('\0'));
      await indexed.run(['add', '--all', `--pathspec-from-file=${list}`, '--pathspec-file-nul']);
    }
    return await indexed.run(['write-tree']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
