import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../files/write-atomic.ts';
import { Git } from './git.ts';
import { pushAuthEnv } from './push-auth.ts';

export interface AdoptOptions {
  /** A folder inside the git working tree; `memoryDir` is relative to it. */
  readonly cwd: string;
  readonly remote?: string;
  /** The bot's branch whose pull request may not be merged yet. */
  readonly branch: string;
  readonly memoryDir: string;
  readonly token?: string;
  readonly tokenUser?: string;
}

/**
 * Before a run on the base branch: takes into the working copy the translation memory that the
 * bot's branch holds and the base does not have yet (its pull request is still open), so the run
 * pays nothing again and writes the same files. Files missing here are copied; memory logs present
 * on both sides get the lines they lack; the state file here is kept. Returns the files changed.
 */
export async function adoptPublished(options: AdoptOptions): Promise<string[]> {
  const remote = options.remote ?? 'origin';
  const git = new Git({ cwd: options.cwd, secrets: options.token ? [options.token] : [] });
  const authed = git.with(pushAuthEnv(await git.run(['remote', 'get-url', remote]), options.token));
  const listed = await authed.run(['ls-remote', '--heads', remote, `refs/heads/${options.branch}`]);
  if (!listed) return [];
  await authed.run(['fetch', '--no-tags', '--quiet', remote, `refs/heads/${options.branch}`]);
  const fetched = await git.run(['rev-parse', 'FETCH_HEAD^{commit}']);
  if ((await git.try(['merge-base', '--is-ancestor', fetched, 'HEAD'])) !== undefined) return [];
  const entries = await git.run(['ls-tree', '-r', '-z', fetched, '--', options.memoryDir]);
  const changed: string[] = [];
  for (const entry of entries.split('\0').filter(Boolean)) {
    const [meta, name] = [entry.slice(0, entry.indexOf('\t')), entry.slice(entry.indexOf('\t') + 1)];
    if (!meta.startsWith('100644 blob') && !meta.startsWith('100755 blob')) continue;
    const file = path.resolve(options.cwd, name);
    const theirs = await git.raw(['cat-file', 'blob', meta.split(' ')[2]]);
    if (!existsSync(file)) {
      await writeAtomic(file, theirs);
      changed.push(name);
      continue;
    }
    if (!name.endsWith('.jsonl')) continue;
    const ours = await readFile(file, 'utf8');
    const have = new Set(ours.split('\n'));
    const missing = theirs.split('\n').filter((line) => line && !have.has(line));
    if (!missing.length) continue;
    await writeAtomic(file, (ours && !ours.endsWith('\n') ? ours + '\n' : ours) + missing.join('\n') + '\n');
    changed.push(name);
  }
  return changed;
}
