import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { PrivateRedis } from '../src/redis/private-redis.ts';
import { uiStringsJson } from './helpers/corpus.ts';
import { BIN, runCli, scratchProject } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { QwenMtSimulator } from './simulator/qwen-mt-simulator.ts';

// "A stranger's" Redis: another project's, on a free local port (never 127.0.0.1:6379 itself).
let stranger: PrivateRedis;
let client: Redis;

function connectionsReceived(): Promise<number> {
  return client.info('stats').then((info) => Number(/total_connections_received:(\d+)/.exec(info)?.[1]));
}

beforeAll(async () => {
  stranger = await PrivateRedis.start({ tcp: { password: 'stranger-pass' } });
  client = new Redis(stranger.url, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  await client.quit();
  await stranger.stop();
});

async function project(dirName: string, prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `tl-${dirName}-`));
  await mkdir(path.join(dir, 'locales'));
  await writeFile(path.join(dir, 'locales/en.json'), uiStringsJson(60, 3));
  await writeFile(
    path.join(dir, 'translate-locales.config.json'),
    JSON.stringify({
      sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}.json' }],
      provider: { name: 'qwen-mt' }, rateLimit: { rpm: 60_000, tpm: 100_000_000 }, batch: { maxSegments: 5 }, concurrency: 2,
      redis: { prefix },
    }),
  );
  return dir;
}

function startWorker(dir: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [BIN, 'worker', '--config', path.join(dir, 'translate-locales.config.json')], { env: { ...process.env, ...env }, stdio: 'ignore' });
}

describe('Redis of others', () => {
  it('with no REDIS_URL, --redis or redis.url a run uses a private redis-server and touches no other Redis', async () => {
    const before = await connectionsReceived();
    const dir = await scratchProject();
    const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/"redis":"a private redis-server \(unix:\/\/[^)]+\)"/);
    expect(r.stderr).not.toMatch(/6379/);
    expect(await connectionsReceived()).toBe(before);
  });

  it('a worker without a Redis URL refuses to guess one', async () => {
    const dir = await project('noredis', 'translate-locales');
    const r = await runMain(['worker', '--config', path.join(dir, 'translate-locales.config.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a worker needs the Redis its runs use: set REDIS_URL, --redis or redis.url/);
  });

  it('runs sharing a Redis with different redis.prefix never meet: each worker serves only its prefix', async () => {
    const ours = new QwenMtSimulator({ apiKey: 'sk-ours-0000000000' });
    const theirs = new QwenMtSimulator({ apiKey: 'sk-theirs-00000000' });
    const oursEnv = { DASHSCOPE_API_KEY: 'sk-ours-0000000000', DASHSCOPE_BASE_URL: await ours.listen(), REDIS_URL: stranger.url };
    const theirsEnv = { DASHSCOPE_API_KEY: 'sk-theirs-00000000', DASHSCOPE_BASE_URL: await theirs.listen(), REDIS_URL: stranger.url };
    const ourDir = await project('ours', 'ours');
    const theirDir = await project('theirs', 'theirs');
    // Their worker is up first and idle: with one shared key space it would take our jobs.
    const theirWorker = startWorker(theirDir, theirsEnv);
    const ourWorker = startWorker(ourDir, oursEnv);
    try {
      const r = await runCli(['--config', path.join(ourDir, 'translate-locales.config.json'), '--concurrency', '0', '--report', path.join(ourDir, 'report.json')], { env: oursEnv });
      expect(r.code).toBe(0);
      const report = JSON.parse(await readFile(path.join(ourDir, 'report.json'), 'utf8')) as RunReport;
      expect(report.totals.translated).toBe(60);
      expect(ours.stats.ok).toBe(12);
      expect(theirs.stats.requests).toBe(0);
      const keys = await client.keys('*');
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.filter((k) => !k.startsWith('ours:') && !k.startsWith('theirs:'))).toEqual([]);
    } finally {
      theirWorker.kill('SIGKILL');
      ourWorker.kill('SIGKILL');
      await ours.close();
      await theirs.close();
    }
  });

  it('refuses a prefix that is not one key part', async () => {
    const dir = await project('badprefix', 'a:b');
    const r = await runMain(['--check', '--config', path.join(dir, 'translate-locales.config.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/redis\.prefix: use 1–64 letters/);
  });
});
