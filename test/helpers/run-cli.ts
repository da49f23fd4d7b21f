import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/util/package-root.ts';

const ROOT = packageRoot(import.meta.url);
/** The built CLI, as installed users run it (vitest's global setup builds it when the sources are newer). */
export const BIN = path.join(ROOT, 'dist/src/cli/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const children = new Set<import('node:child_process').ChildProcess>();
// A test that times out must not leave a CLI (or a worker) running.
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

export function cliEnv(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL: undefined, DASHSCOPE_API_KEY: undefined, DASHSCOPE_BASE_URL: undefined, GITHUB_TOKEN: undefined, GITHUB_API_URL: undefined, ...extra };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

function spawnCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }): import('node:child_process').ChildProcessByStdio<null, import('node:stream').Readable, import('node:stream').Readable> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: cliEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** Runs the real CLI as users do, in its own process. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; onSpawn?: (pid: number) => void; onStderr?: (soFar: string) => void } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
    if (child.pid) options.onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      options.onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A CLI process that keeps running (`serve`): its output so far, a wait for a line, signals, its end. */
export interface LongCli {
  readonly pid: number;
  output(): string;
  /** Resolves with the first match of `pattern` in stderr+stdout; rejects if the process ends first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  kill(signal: NodeJS.Signals): void;
  readonly exited: Promise<CliResult>;
}

/** Starts the real CLI and returns without waiting for it; `stopAll` (or process exit) ends what is left. */
export function startCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): LongCli {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), changed()));
  child.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), changed()));
  const exited = new Promise<CliResult>((resolve) => child.on('close', (code) => (resolve({ code, stdout, stderr }), changed())));
  return {
    pid: child.pid ?? 0,
    output: () => stderr + stdout,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = (stderr + stdout).match(pattern);
          if (m) (listeners.delete(check), resolve(m));
          else if (child.exitCode !== null || child.signalCode !== null) (listeners.delete(check), reject(new Error(`CLI ended before ${pattern}:\n${stderr}${stdout}`)));
        };
        listeners.add(check);
        check();
      });
    },
    kill: (signal) => void child.kill(signal),
    exited,
  };
}

/** Kills every CLI process still running (SIGKILL) and waits for them: for a test's afterAll. */
export async function stopAllClis(): Promise<void> {
  const left = [...children];
  const gone = left.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(undefined) : c.once('exit', r))));
  for (const c of left) c.kill('SIGKILL');
  await Promise.all(gone);
}

/** A scratch copy of a project folder (samples/ by default). */
export async function scratchProject(from = path.join(ROOT, 'samples'), config?: (c: Record<string, unknown>) => Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-project-'));
  await cp(from, dir, { recursive: true, filter: (src) => !/[/\\](de|ja|ru|\.translate-locales)$/.test(src) });
  if (config) {
    const file = path.join(dir, 'translate-locales.config.json');
    const c = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify(config(c), null, 2));
  }
  return dir;
}

export { ROOT };
