import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalProjectLock } from '../src/files/local-project-lock.ts';
import { runCli, scratchProject } from './helpers/run-cli.ts';
import { QwenMtSimulator } from './simulator/qwen-mt-simulator.ts';

const KEY = 'sk-local-lock-0000000000';
let sim: QwenMtSimulator;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  sim = new QwenMtSimulator({ apiKey: KEY });
  env = { DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: await sim.listen() };
});
afterAll(() => sim.close());

const args = (dir: string) => ['--config', path.join(dir, 'translate-locales.config.json'), '--provider', 'qwen-mt', '--to', 'de', '--concurrency', '1'];

describe('one run per project on this machine, each with its own private Redis', () => {
  it('a second run stops with a clear message, or waits with --wait; both without REDIS_URL', { timeout: 180_000 }, async () => {
    const dir = await scratchProject();
    // The first run's answers are held until the waiting run says it waits: it is still working, however slow the machine.
    const release = sim.hold();
    const first = runCli(args(dir), { env });
    // Wait until the first run holds the lock (its file exists), then start the others.
    const lockFile = await LocalProjectLock.file(dir);
    while (!existsSync(lockFile)) await new Promise((r) => setTimeout(r, 50));
    const second = await runCli(args(dir), { env });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/another translate-locales run is working on .* \(process \d+ on /);
    const waiting = runCli([...args(dir), '--wait'], { env, onStderr: (text) => text.includes('waiting for it to finish') && release() });
    const [a, b] = await Promise.all([first, waiting]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toContain('waiting for it to finish');
    // The waiting run found everything in the memory the first one wrote.
    expect(b.stdout).toMatch(/0 translated/);
    expect(existsSync(lockFile)).toBe(false);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dir = await scratchProject();
    const file = await LocalProjectLock.file(dir);
    await writeFile(file, JSON.stringify({ pid: 2 ** 22 + 17, host: os.hostname(), since: '2026-01-01T00:00:00Z' }));
    const lock = await LocalProjectLock.acquire(dir, { wait: false });
    await lock.release();
    await expect(LocalProjectLock.acquire(dir, { wait: false }).then((l) => l.release())).resolves.toBeUndefined();
  });
});
