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

/** Runs the real CLI as users do, in its own process. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; onSpawn?: (pid: number) => void; onStderr?: (soFar: string) => void } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL: undefined, DASHSCOPE_API_KEY: undefined, DASHSCOPE_BASE_URL: undefined, ...options.env };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    child.on('exit', () => children.delete(child));
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
