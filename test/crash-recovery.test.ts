import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uiStringsJson } from './helpers/corpus.ts';
import { runCli } from './helpers/run-cli.ts';
import { PrivateRedis } from '../src/redis/private-redis.ts';
import { startTestRedis } from './helpers/test-redis.ts';
import { QwenMtSimulator } from './simulator/qwen-mt-simulator.ts';

const KEY = 'sk-crash-test-key-000000';
const STRINGS = 300;
let redis: Awaited<ReturnType<typeof startTestRedis>>;
let sim: QwenMtSimulator;
let env: NodeJS.ProcessEnv;

async function project(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-crash-'));
  await mkdir(path.join(dir, 'locales'), { recursive: true });
  await writeFile(path.join(dir, 'locales/en.json'), uiStringsJson(STRINGS, 7));
  await writeFile(
    path.join(dir, 'translate-locales.config.json'),
    JSON.stringify({
      sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}.json' }],
      provider: { name: 'qwen-mt', model: 'qwen-mt-flash' }, rateLimit: { rpm: 60_000, tpm: 100_000_000 },
      batch: { maxSegments: 10 }, concurrency: 2,
    }),
  );
  return dir;
}

/** Starts the CLI and kills it with SIGKILL once the simulator has answered `after` requests. */
async function killMidRun(dir: string, after: number): Promise<void> {
  let pid = 0;
  const run = runCli(['--config', path.join(dir, 'translate-locales.config.json')], { env, onSpawn: (p) => (pid = p) });
  while (sim.stats.ok < after) await new Promise((r) => setTimeout(r, 20));
  process.kill(pid, 'SIGKILL');
  const r = await run;
  expect(r.code).toBeNull();
}

/** No temporary file left, and the target written whole (every string) or, by a run that did not finish, not at all. */
async function noPartialOutput(dir: string, finished: boolean): Promise<void> {
  const files = await readdir(path.join(dir, 'locales'));
  expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  expect(files.includes('de.json')).toBe(finished);
  if (!finished) return;
  const de = JSON.parse(await readFile(path.join(dir, 'locales/de.json'), 'utf8')) as Record<string, Record<string, string>>;
  expect(Object.values(de).reduce((n, section) => n + Object.keys(section).length, 0)).toBe(STRINGS);
}

beforeAll(async () => {
  redis = await startTestRedis();
  sim = new QwenMtSimulator({ apiKey: KEY, latencyMs: 150 });
  env = { DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: await sim.listen(), REDIS_URL: redis.url };
});
afterAll(async () => {
  await sim.close();
  await redis.stop();
});

describe('crashes and restarts', () => {
  it('kill -9 mid-run, then the same command: completes, paying again at most for requests in flight', async () => {
    sim.reset();
    const dir = await project();
    await killMidRun(dir, 8);
    await noPartialOutput(dir, false);
    const persisted = (await readFile(path.join(dir, '.translate-locales/memory/de.jsonl'), 'utf8')).trim().split('\n').length;
    expect(persisted).toBeGreaterThan(0);
    const r = await runCli(['--config', path.join(dir, 'translate-locales.config.json')], { env });
    expect(r.code).toBe(0);
    const de = JSON.parse(await readFile(path.join(dir, 'locales/de.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(Object.values(de).flatMap((s) => Object.values(s))).toHaveLength(STRINGS);
    // Two requests were in flight at most (concurrency 2) when the process died.
    expect(sim.stats.duplicates).toBeLessThanOrEqual(2);
    expect(sim.stats.ok).toBeLessThanOrEqual(STRINGS / 10 + 2);
  });

  it('an emptied Redis loses nothing already paid for', async () => {
    sim.reset();
    const dir = await project();
    await killMidRun(dir, 10);
    await redis.client().flushall();
    const r = await runCli(['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json')], { env });
    expect(r.code).toBe(0);
    // Paid twice at most: the 2 requests in flight, and results the worker had stored in Redis that the
    // killed process had not yet appended to the memory (at most one per worker slot).
    expect(sim.stats.duplicates).toBeLessThanOrEqual(4);
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as { totals: { reused: number; translated: number } };
    expect(report.totals.reused).toBeGreaterThanOrEqual(80);
    expect(report.totals.reused + report.totals.translated).toBe(STRINGS);
  });

  it('Redis restarted mid-run with nothing kept: the run reconnects, queues its lost jobs again and completes', async () => {
    sim.reset();
    const own = await PrivateRedis.start();
    try {
      const dir = await project();
      const run = runCli(['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json'), '--verbose'], { env: { ...env, REDIS_URL: own.url } });
      while (sim.stats.ok < 8) await new Promise((r) => setTimeout(r, 20));
      await own.restart(500);
      const r = await run;
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/queued jobs are gone from Redis \(restarted or emptied\?\); queueing them again/);
      await noPartialOutput(dir, true);
      // Paid twice only for what was in flight when Redis went (concurrency 2), and for results
      // stored in Redis a moment before it went that the run had not yet collected.
      expect(sim.stats.duplicates).toBeLessThanOrEqual(4);
    } finally {
      await own.stop();
    }
  });
});
