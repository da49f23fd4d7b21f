import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors/config-error.ts';
import { configSchema } from '../config/schema.ts';
import { adoptPublished } from '../publish/adopt-published.ts';
import { Git } from '../publish/git.ts';
import { pushAuthEnv } from '../publish/push-auth.ts';

export interface WorkingCopyOptions {
  /** Folder of the working copy (created on first use). */
  readonly dir: string;
  /** Git URL or local path of the remote. */
  readonly repo: string;
  readonly branch: string;
  /** The bot's branch: translations still in review there are not paid for again. */
  readonly publishBranch?: string;
  /** The project's config file, relative to the repository root. */
  readonly config: string;
  readonly token?: string;
}

/** Git asks for one even when it makes no commit. */
const IDENTITY = { GIT_COMMITTER_NAME: 'translate-locales', GIT_COMMITTER_EMAIL: 'translate-locales@localhost', GIT_AUTHOR_NAME: 'translate-locales', GIT_AUTHOR_EMAIL: 'translate-locales@localhost' };

/**
 * A checkout of the project's branch under the service's data folder, brought to the remote's
 * latest commit, with the bot branch's files when its pull request is still open. The translation
 * memory only grows: lines that the last run in this folder appended (a run whose service was
 * killed) are kept, so a run pays for nothing twice.
 */
export class WorkingCopy {
  private readonly git: Git;

  constructor(private readonly options: WorkingCopyOptions) {
    this.git = new Git({ cwd: options.dir, secrets: options.token ? [options.token] : [], env: pushAuthEnv(options.repo, options.token) });
  }

  get dir(): string {
    return this.options.dir;
  }

  /** Fetches and checks out the branch; returns the commit. */
  async update(): Promise<string> {
    const { dir, repo, branch, publishBranch, token } = this.options;
    if (!existsSync(path.join(dir, '.git'))) {
      await mkdir(dir, { recursive: true });
      await this.git.run(['init', '--quiet']);
      await this.git.run(['remote', 'add', 'origin', repo]);
    } else {
      await this.git.run(['remote', 'set-url', 'origin', repo]);
      // Left by a process killed mid-command; the project lock says no one else is here.
      await rm(path.join(dir, '.git/index.lock'), { force: true });
    }
    const remote = `refs/remotes/origin/${branch}`;
    await this.git.run(['fetch', '--quiet', '--prune', '--no-tags', 'origin', `+refs/heads/${branch}:${remote}`]);
    const memoryDir = await this.memoryDir(remote);
    const leftovers = await readLogs(path.join(dir, memoryDir, 'memory'));
    await this.git.run(['checkout', '--quiet', '--force', '-B', branch, remote]);
    await this.git.run(['clean', '--quiet', '-ffdx']);
    if (publishBranch) await this.applyPublished(publishBranch);
    await appendMissing(path.join(dir, memoryDir, 'memory'), leftovers);
    // When the bot's commit did not apply (main changed the same files), at least its memory is kept.
    if (publishBranch) await adoptPublished({ cwd: dir, branch: publishBranch, memoryDir, token });
    return this.git.run(['rev-parse', 'HEAD']);
  }

  /**
   * A pull request not merged yet: its commit (targets, memory, state) is applied to the checkout
   * without committing, so the run starts from the files it proposed and rewrites only what
   * changed since (regenerated files would differ in dates, and push again for nothing).
   */
  private async applyPublished(branch: string): Promise<void> {
    const ref = `refs/remotes/origin/${branch}`;
    if (!(await this.git.run(['ls-remote', '--heads', 'origin', `refs/heads/${branch}`]))) return;
    await this.git.run(['fetch', '--quiet', '--no-tags', 'origin', `+refs/heads/${branch}:${ref}`]);
    if ((await this.git.try(['merge-base', '--is-ancestor', ref, 'HEAD'])) !== undefined) return;
    const applied = await this.git.with(IDENTITY).try(['cherry-pick', '--no-commit', ref]);
    if (applied !== undefined) return;
    await this.git.try(['cherry-pick', '--abort']);
    await this.git.run(['reset', '--quiet', '--hard', 'HEAD']);
    await this.git.run(['clean', '--quiet', '-ffdx']);
  }

  /** The memory folder (relative to the repository) that the project's config names at `ref`. */
  private async memoryDir(ref: string): Promise<string> {
    const configPath = path.posix.normalize(this.options.config);
    let dir = '.translate-locales';
    const text = await this.git.try(['show', `${ref}:${configPath}`]);
    try {
      const parsed = configSchema.safeParse(JSON.parse(text ?? ''));
      if (parsed.success) dir = parsed.data.memory.dir;
    } catch {
      // No config there, or not JSON: the run reports it with the file's name.
    }
    const folder = path.posix.normalize(path.posix.join(path.posix.dirname(configPath), dir));
    if (folder.startsWith('../') || folder === '..' || path.isAbsolute(folder)) throw new ConfigError(`${this.options.config}: memory.dir points outside the repository`);
    return folder;
  }
}

/** The translation memory's logs in a folder, by file name. */
async function readLogs(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.jsonl'))) files.set(name, await readFile(path.join(dir, name), 'utf8'));
  return files;
}

/** Appends to each log the complete lines of `extra` it lacks (later lines win in the memory). */
async function appendMissing(dir: string, extra: Map<string, string>): Promise<void> {
  for (const [name, text] of extra) {
    const file = path.join(dir, name);
    const current = existsSync(file) ? await readFile(file, 'utf8') : '';
    const have = new Set(current.split('\n'));
    const add = text.split('\n').filter((line) => line.trim() && !have.has(line) && isJson(line));
    if (!add.length) continue;
    await mkdir(dir, { recursive: true });
    await writeFile(file, (current && !current.endsWith('\n') ? current + '\n' : current) + add.join('\n') + '\n');
  }
}

/** A line cut short by a killed process is not carried over. */
function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
