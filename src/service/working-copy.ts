import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../config/config-error.ts';
import { configSchema } from '../config/schema.ts';
import { git, type GitOptions } from './git.ts';

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

/** A `memory/<locale>.jsonl` file's lines, by file name. */
type MemoryFiles = Map<string, string>;

/**
 * A checkout of the project's branch under the service's data folder, brought to the remote's
 * latest commit. The translation memory only grows: lines the last run in this folder appended
 * (a run killed mid-way) and lines on the bot branch (translations not merged yet) are kept.
 */
export class WorkingCopy {
  private readonly git: GitOptions;

  constructor(private readonly options: WorkingCopyOptions) {
    this.git = { cwd: options.dir, token: options.token };
  }

  get dir(): string {
    return this.options.dir;
  }

  /** Fetches and checks out the branch; returns the commit. */
  async update(): Promise<string> {
    const { dir, repo, branch, publishBranch } = this.options;
    if (!existsSync(path.join(dir, '.git'))) {
      await mkdir(dir, { recursive: true });
      await git(this.git, ['init', '-q']);
      await git(this.git, ['remote', 'add', 'origin', repo]);
    } else {
      await git(this.git, ['remote', 'set-url', 'origin', repo]);
      // Left by a process killed mid-command; the project lock says no one else is here.
      await rm(path.join(dir, '.git/index.lock'), { force: true });
    }
    await git(this.git, ['fetch', '-q', '--prune', '--no-tags', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
    const bot = publishBranch ? await this.fetchOptional(publishBranch) : undefined;
    const memory = await this.memoryFolder(`refs/remotes/origin/${branch}`);
    const kept = await readMemory(path.join(dir, memory));
    await git(this.git, ['checkout', '-q', '-f', '-B', branch, `refs/remotes/origin/${branch}`]);
    await git(this.git, ['clean', '-q', '-ffdx']);
    await this.mergeMemory(memory, kept);
    if (bot) await this.mergeMemory(memory, await this.memoryAt(bot, memory));
    return (await git(this.git, ['rev-parse', 'HEAD'])).trim();
  }

  private async fetchOptional(branch: string): Promise<string | undefined> {
    const ref = `refs/remotes/origin/${branch}`;
    const listed = await git(this.git, ['ls-remote', '--heads', 'origin', `refs/heads/${branch}`]);
    if (!listed.trim()) return undefined;
    await git(this.git, ['fetch', '-q', '--no-tags', 'origin', `+refs/heads/${branch}:${ref}`]);
    return ref;
  }

  /** The memory folder (relative to the repository) that the project's config names at `ref`. */
  private async memoryFolder(ref: string): Promise<string> {
    const configPath = path.posix.normalize(this.options.config);
    let dir = '.translate-locales';
    try {
      const parsed = configSchema.safeParse(JSON.parse(await git(this.git, ['show', `${ref}:${configPath}`])));
      if (parsed.success) dir = parsed.data.memory.dir;
    } catch {
      // No config (or not JSON) there: the run reports it with the file's name.
    }
    const folder = path.posix.normalize(path.posix.join(path.posix.dirname(configPath), dir, 'memory'));
    if (folder.startsWith('../') || path.isAbsolute(folder)) throw new ConfigError(`${this.options.config}: memory.dir points outside the repository`);
    return folder;
  }

  private async memoryAt(ref: string, folder: string): Promise<MemoryFiles> {
    const files: MemoryFiles = new Map();
    const names = (await git(this.git, ['ls-tree', '--name-only', `${ref}:${folder}`]).catch(() => '')).split('\n');
    for (const name of names.filter((n) => n.endsWith('.jsonl'))) files.set(name, await git(this.git, ['show', `${ref}:${folder}/${name}`]));
    return files;
  }

  /** Appends to each memory file the lines of `extra` it lacks (later lines win in the memory). */
  private async mergeMemory(folder: string, extra: MemoryFiles): Promise<void> {
    const dir = path.join(this.options.dir, folder);
    for (const [name, text] of extra) {
      const file = path.join(dir, name);
      const current = existsSync(file) ? await readFile(file, 'utf8') : '';
      const have = new Set(current.split('\n'));
      const add = text.split('\n').filter((line) => line.trim() && !have.has(line) && isJson(line));
      if (!add.length) continue;
      await mkdir(dir, { recursive: true });
      const sep = current && !current.endsWith('\n') ? '\n' : '';
      await writeFile(file, current + sep + add.join('\n') + '\n');
    }
  }
}

async function readMemory(dir: string): Promise<MemoryFiles> {
  const files: MemoryFiles = new Map();
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.jsonl'))) files.set(name, await readFile(path.join(dir, name), 'utf8'));
  return files;
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
