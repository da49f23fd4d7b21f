import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { parseRetryAfter } from '../src/providers/retry-after.ts';
import { PrivateRedis } from '../src/redis/private-redis.ts';
import { uiStringsJson } from './helpers/corpus.ts';
import { BIN } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { QwenMtSimulator } from './simulator/qwen-mt-simulator.ts';

const KEY = 'sk-retry-after-0000000';
let sim: QwenMtSimulator;
let redis: PrivateRedis;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  redis = await PrivateRedis.start();
  sim = new QwenMtSimulator({ apiKey: KEY });
  env = { DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: await sim.listen(), REDIS_URL: redis.url };
});
afterAll(async () => {
  await sim.close();
  await redis.stop();
});

async function project(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-retry-after-'));
  await mkdir(path.join(dir, 'locales'));
  await writeFile(path.join(dir, 'locales/en.json'), uiStringsJson(60, 3));
  // 2 requests a second at most: requests are spaced ~0.5 s apart, so a request that starts inside
  // the window can only be one the pause failed to hold back.
  await writeFile(
    path.join(dir, 'translate-locales.config.json'),
    JSON.stringify({
      sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}.json' }],
      provider: { name: 'qwen-mt' }, rateLimit: { rpm: 120, tpm: 100_000_000 }, batch: { maxSegments: 5 }, concurrency: 2,
    }),
  );
  return dir;
}

/** Three worker processes serve a run that translates nothing itself; returns the run's report. */
async function runWithWorkers(dir: string): Promise<RunReport> {
  const config = path.join(dir, 'translate-locales.config.json');
  const workers: ChildProcess[] = [0, 1, 2].map(() => spawn(process.execPath, [BIN, 'worker', '--config', config], { env: { ...process.env, ...env }, stdio: 'ignore' }));
  try {
    const r = await runMain(['--config', config, '--concurrency', '0', '--report', path.join(dir, 'report.json')], { env });
    expect(r.code).toBe(0);
    return JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
  } finally {
    for (const w of workers) w.kill('SIGKILL');
  }
}

/** Requests the simulator saw start after the fault was answered and before `until`. */
function startsInside(status: number, until: (answeredAt: number) => number): { inside: number; after: number } {
  const fault = sim.log.find((e) => e.status === status);
  expect(fault?.answeredAt).toBeDefined();
  const from = fault!.answeredAt!;
  const later = sim.log.filter((e) => e !== fault && e.at >= from);
  return { inside: later.filter((e) => e.at < until(from)).length, after: later.length };
}

describe('Retry-After', () => {
  it('a 429 with Retry-After: 2 holds every worker: no request starts inside the two seconds', async () => {
    sim.reset();
    sim.configure({ script: ['429'], retryAfter: '2' });
    const report = await runWithWorkers(await project());
    expect(report.totals).toMatchObject({ translated: 60, failed: 0, throttled: 1 });
    const { inside, after } = startsInside(429, (at) => at + 2000);
    expect(after).toBe(12);
    expect(inside).toBe(0);
  });

  it('a 503 with an HTTP-date Retry-After holds every worker until that time', async () => {
    sim.reset();
    sim.configure({ script: ['503'], retryAfter: '2', retryAfterAsDate: true });
    const report = await runWithWorkers(await project());
    expect(report.totals).toMatchObject({ translated: 60, failed: 0 });
    const date = sim.log.find((e) => e.status === 503)?.retryAfter;
    expect(date).toMatch(/GMT$/);
    const { inside, after } = startsInside(503, () => Date.parse(date!));
    expect(after).toBe(12);
    expect(inside).toBe(0);
  });

  it('reads delay-seconds and HTTP dates, and ignores what it cannot read', () => {
    const now = Date.parse('2026-12-02T01:40:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(['1.5'], now)).toBe(1500);
    expect(parseRetryAfter('Wed, 02 Dec 2026 01:40:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 01:39:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('999999999', now)).toBe(600_000);
    for (const bad of [undefined, '', '-1', 'soon', '12abc', '0x10']) expect(parseRetryAfter(bad, now)).toBeUndefined();
  });
});
