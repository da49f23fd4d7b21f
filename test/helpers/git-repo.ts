import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Runs real `git` in `cwd` with a fixed identity; returns trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com', GIT_CONFIG_NOSYSTEM: '1' },
  }).trim();
}

/**
 * Makes `work` (a project folder) a git repository on `main` with everything committed, pushed to
 * a new local bare repository as `origin`. Returns the bare repository's path.
 */
export async function repoWithOrigin(work: string, branch = 'main'): Promise<string> {
  const bare = await mkdtemp(path.join(os.tmpdir(), 'tl-origin-'));
  git(bare, 'init', '--quiet', '--bare', `--initial-branch=${branch}`);
  git(work, 'init', '--quiet', `--initial-branch=${branch}`);
  git(work, 'add', '--all');
  git(work, 'commit', '--quiet', '-m', 'Initial content');
  git(work, 'remote', 'add', 'origin', bare);
  git(work, 'push', '--quiet', 'origin', branch);
  return bare;
}

/** A file's content on a branch of a (bare) repository, or undefined if it is not there. */
export function showFile(repo: string, ref: string, file: string): string | undefined {
  try {
    return execFileSync('git', ['show', `${ref}:${file}`], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}
