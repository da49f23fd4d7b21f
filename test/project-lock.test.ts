import { spawnSync } from 'node:child_process';
import { readFile, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectLock } from '../src/queue/project-lock.ts';
import { runCli, scratchProject } from './helpers/run-cli.ts';
import { startTestRedis } from './helpers/test-redis.ts';

let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

describe('two runs on one project', () => {
  it('the second stops with a clear message, or waits with --wait, even through another path to the project', async () => {
    const dir = await scratchProject();
    const link = path.join(os.tmpdir(), `tl-lock-link-${process.pid}-${Date.now()}`);
    await symlink(dir, link);
    const env = { REDIS_URL: redis.url };
    // "Another run": the lock as a run takes it, held by this test.
    const other = await ProjectLock.acquire(redis.client(), dir, { wait: false });

    const refused = await runCli(['--config', path.join(link, 'translate-locales.config.json')], { env });
    expect(refused.stderr).toMatch(/another translate-locales run is working on .* \(process \d+ on .*\); nothing was done: run again when it has finished, or pass --wait/);
    expect(refused.code).toBe(2);
    expect(await readFile(path.join(dir, 'locales/de/common.json')).catch(() => undefined)).toBeUndefined();

    let waiting!: () => void;
    const isWaiting = new Promise<void>((resolve) => (waiting = resolve));
    const patient = runCli(['--config', path.join(dir, 'translate-locales.config.json'), '--wait'], { env, onStderr: (text) => text.includes('waiting for it to finish') && waiting() });
    await isWaiting;
    await other.release();
    const done = await patient;
    expect(done.code).toBe(0);
    expect(JSON.parse(await readFile(path.join(dir, 'locales/de/common.json'), 'utf8'))).toBeTypeOf('object');
    // Released at the end: the next run starts at once.
    expect(await redis.client().exists(await ProjectLock.key(dir))).toBe(0);
  });

  it('takes over the lock of a run killed on this machine without waiting for it to expire', async () => {
    const dir = await scratchProject();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await redis.client().set(await ProjectLock.key(dir), JSON.stringify({ id: 'x', pid: dead, host: os.hostname(), since: '2026-12-01T00:00:00Z' }), 'PX', 600_000);
    const r = await runCli(['--config', path.join(dir, 'translate-locales.config.json'), '--progress', 'none'], { env: { REDIS_URL: redis.url } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
