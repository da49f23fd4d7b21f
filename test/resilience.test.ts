import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../src/queue/redis-connection.ts';
import { PrivateRedis } from '../src/redis/private-redis.ts';
import { uiStringsJson } from './helpers/corpus.ts';
import { BIN, runCli } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { QwenMtSimulator } from './simulator/qwen-mt-simulator.ts';
import { fakeTranslate } from './simulator/fake-translate.ts';
import { protect, restore } from '../src/segments/placeholders.ts';
import type { RunReport } from '../src/pipeline/run-report.ts';

const KEY = 'sk-resilience-000000000';
let sim: QwenMtSimulator;
let base: string;

async function project(extra: Record<string, unknown> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-res-'));
  await mkdir(path.join(dir, 'locales'));
  await writeFile(path.join(dir, 'locales/en.json'), uiStringsJson(200, 3));
  await writeFile(
    path.join(dir, 'translate-locales.config.json'),
    JSON.stringify({
      sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}.json' }],
      provider: { name: 'qwen-mt' }, rateLimit: { rpm: 60_000, tpm: 100_000_000 }, batch: { maxSegments: 5 }, concurrency: 2, ...extra,
    }),
  );
  return dir;
}

/** A `translate-locales worker` process for the project in `dir`. */
function startWorker(dir: string, env: NodeJS.ProcessEnv, stdio: StdioOptions): ChildProcess {
  return spawn(process.execPath, [BIN, 'worker', '--config', path.join(dir, 'translate-locales.config.json')], { env, stdio });
}

async function whenAnswered(n: number): Promise<void> {
  while (sim.stats.ok < n) await new Promise((r) => setTimeout(r, 20));
}

beforeAll(async () => {
  sim = new QwenMtSimulator({ apiKey: KEY, latencyMs: 100 });
  base = await sim.listen();
});
afterAll(() => sim.close());

describe('resilience', () => {
  it('finishes a run through 5xx, 429 bursts, resets, hangs and per-second limits, with every file right', async () => {
    const redis = await PrivateRedis.start();
    const chaos = { errorRate: 0.08, throttleRate: 0.05, resetRate: 0.04, hangRate: 0.03, latencyMs: 30, jitterMs: 20, rpm: 1200, seed: 7 };
    try {
      sim.reset();
      sim.configure(chaos);
      const dir = await project({
        rateLimit: { rpm: 1200, tpm: 100_000_000 }, concurrency: 4, provider: { name: 'qwen-mt', timeoutMs: 400 },
        retry: { attempts: 8, baseDelayMs: 20, maxDelayMs: 200 },
      });
      const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json')], {
        env: { DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: base, REDIS_URL: redis.url },
      });
      expect(r.code).toBe(0);
      const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
      expect(report.totals).toMatchObject({ segments: 200, translated: 200, failed: 0 });
      expect(report.totals.retries).toBeGreaterThan(0);
      const s = sim.stats;
      expect(s.byStatus['500']).toBeGreaterThan(0);
      expect(s.byStatus['429']).toBeGreaterThan(0);
      expect(s.resets + s.hangs).toBeGreaterThan(0);
      expect(s.duplicates).toBe(0);
      expect(s.maxInFlight).toBeLessThanOrEqual(4);
      expect(s.peakRequestsPerSecond).toBeLessThanOrEqual(20);
      // Every string is exactly the service's translation of its own source: nothing lost or shifted.
      const src = JSON.parse(await readFile(path.join(dir, 'locales/en.json'), 'utf8')) as Record<string, Record<string, string>>;
      const de = JSON.parse(await readFile(path.join(dir, 'locales/de.json'), 'utf8')) as Record<string, Record<string, string>>;
      for (const [section, entries] of Object.entries(src)) {
        for (const [key, text] of Object.entries(entries)) {
          const p = protect(text);
          expect(de[section][key]).toBe(restore(p, fakeTranslate(p.text, 'German', 'fake')));
        }
      }
    } finally {
      sim.configure({ errorRate: 0, throttleRate: 0, resetRate: 0, hangRate: 0, latencyMs: 100, jitterMs: 0, rpm: 0 });
      await redis.stop();
    }
  });

  it('works with a password in REDIS_URL and never shows it', async () => {
    const redis = await PrivateRedis.start({ tcp: { password: 'hunter2-redis' } });
    try {
      sim.reset();
      const dir = await project();
      const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json'), '--verbose'], {
        env: { DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: base, REDIS_URL: redis.url },
      });
      expect(r.code).toBe(0);
      // The run used this Redis (the password let it in) and named it without the password.
      const seen = new Redis(redis.url, { maxRetriesPerRequest: null });
      const keys = await seen.keys('translate-locales:*').finally(() => seen.quit());
      expect(keys).toContain('translate-locales:translate:meta');
      expect(r.stderr).toContain(`"redis":"${redactUrl(redis.url)}"`);
      expect(r.stdout + r.stderr + (await readFile(path.join(dir, 'report.json'), 'utf8'))).not.toContain('hunter2-redis');
    } finally {
      await redis.stop();
    }
  });

  it('SIGTERM: finishes the requests in flight, prints a summary, exits 1; the same command then completes', async () => {
    const redis = await PrivateRedis.start();
    try {
      sim.reset();
      const dir = await project();
      const env = { DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: base, REDIS_URL: redis.url };
      let pid = 0;
      const run = runCli(['--config', path.join(dir, 'translate-locales.config.json')], { env, onSpawn: (p) => (pid = p) });
      await whenAnswered(6);
      process.kill(pid, 'SIGTERM');
      const stopped = await run;
      expect(stopped.code).toBe(1);
      expect(stopped.stdout).toMatch(/Stopped: interrupted by SIGTERM; run the same command again to continue/);
      expect(stopped.stdout).toMatch(/Segments: 200 \(/);
      const again = await runMain(['--config', path.join(dir, 'translate-locales.config.json')], { env });
      expect(again.code).toBe(0);
      expect(sim.stats.duplicates).toBe(0);
      expect(sim.stats.ok).toBe(40);
    } finally {
      await redis.stop();
    }
  });

  it('`translate-locales worker` processes serve a run started elsewhere (--concurrency 0 there)', async () => {
    const redis = await PrivateRedis.start();
    try {
      sim.reset();
      const dir = await project();
      const env = { ...process.env, DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: base, REDIS_URL: redis.url };
      const worker = startWorker(dir, env, ['ignore', 'ignore', 'pipe']);
      let said = '';
      worker.stderr!.on('data', (d: Buffer) => (said += d.toString()));
      const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--concurrency', '0'], { env });
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(r.code).toBe(0);
      expect(sim.stats.ok).toBe(40);
      expect(said).toMatch(/translate-locales worker: serving unix:\/\/.+ with concurrency 2/);
      expect(said).toMatch(/SIGTERM: finishing jobs in flight/);
    } finally {
      await redis.stop();
    }
  });

  it('a worker killed with -9 mid-job: the stalled-job check gives its jobs to another worker, and the run completes', async () => {
    const redis = await PrivateRedis.start();
    sim.reset();
    sim.configure({ latencyMs: 600 });
    let second: ChildProcess | undefined;
    try {
      const dir = await project();
      const env = { ...process.env, DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: base, REDIS_URL: redis.url };
      const first = startWorker(dir, env, 'ignore');
      const run = runCli(['--config', path.join(dir, 'translate-locales.config.json'), '--concurrency', '0', '--report', path.join(dir, 'report.json')], { env });
      while (sim.stats.ok < 4 || sim.stats.inFlight < 1) await new Promise((r) => setTimeout(r, 10));
      const killed = new Promise((resolve) => first.once('exit', (_code, signal) => resolve(signal)));
      first.kill('SIGKILL');
      expect(await killed).toBe('SIGKILL');
      second = startWorker(dir, env, 'ignore');
      const r = await run;
      expect(r.code).toBe(0);
      const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
      expect(report.totals.translated).toBe(200);
      // Only the requests the killed worker had in flight (concurrency 2) are paid twice.
      expect(sim.stats.duplicates).toBeLessThanOrEqual(2);
    } finally {
      second?.kill('SIGKILL');
      sim.configure({ latencyMs: 100 });
      await redis.stop();
    }
  });

  it('a Redis that goes away and does not come back stops the run with a clear message', async () => {
    const redis = await PrivateRedis.start();
    sim.reset();
    const dir = await project({ redis: { reconnectTimeoutMs: 1500 } });
    const started = Date.now();
    const run = runCli(['--config', path.join(dir, 'translate-locales.config.json')], { env: { DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: base, REDIS_URL: redis.url } });
    await whenAnswered(4);
    await redis.stop();
    const r = await run;
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Stopped: lost the connection to Redis at unix:\/\/.+ and could not get it back/);
    expect(Date.now() - started).toBeLessThan(40_000);
  });
});
