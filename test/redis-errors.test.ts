import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { PrivateRedis } from '../src/redis/private-redis.ts';
import { RedisErrors, type RedisErrorEvent } from '../src/redis/redis-errors.ts';
import { uiStringsJson } from './helpers/corpus.ts';
import { runCli } from './helpers/run-cli.ts';
import { QwenMtSimulator } from './simulator/qwen-mt-simulator.ts';

describe('Redis and BullMQ error events', () => {
  it('are each counted and logged, the password redacted', () => {
    const errors = new RedisErrors();
    const seen: RedisErrorEvent[] = [];
    errors.logTo((e) => seen.push(e));
    const emitter = errors.watch('test queue', new EventEmitter());
    for (let i = 0; i < 25; i++) emitter.emit('error', Object.assign(new Error(`connect ECONNREFUSED redis://:secret-pw@10.0.0.1:6380 #${i}`), { code: 'ECONNREFUSED' }));
    expect(errors.count).toBe(25);
    expect(seen).toHaveLength(25);
    expect(seen[24]).toMatchObject({ source: 'test queue', code: 'ECONNREFUSED' });
    expect(seen[24].message).toMatch(/ECONNREFUSED .*10\.0\.0\.1:6380 #24$/);
    expect(seen.map((e) => e.message).join()).not.toContain('secret-pw');
  });

  it('a Redis restarted mid-run: its errors are in the log and counted in the report', async () => {
    const key = 'sk-redis-errors-00000';
    const sim = new QwenMtSimulator({ apiKey: key, latencyMs: 150 });
    const base = await sim.listen();
    const own = await PrivateRedis.start();
    try {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-redis-errors-'));
      await mkdir(path.join(dir, 'locales'));
      await writeFile(path.join(dir, 'locales/en.json'), uiStringsJson(200, 7));
      await writeFile(path.join(dir, 'translate-locales.config.json'), JSON.stringify({
        sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}.json' }],
        provider: { name: 'qwen-mt' }, rateLimit: { rpm: 60_000, tpm: 100_000_000 }, batch: { maxSegments: 10 }, concurrency: 2,
      }));
      const run = runCli(['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json')], { env: { DASHSCOPE_API_KEY: key, DASHSCOPE_BASE_URL: base, REDIS_URL: own.url } });
      while (sim.stats.ok < 5) await new Promise((r) => setTimeout(r, 20));
      await own.restart(500);
      const r = await run;
      expect(r.code).toBe(0);
      const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
      const logged = r.stderr.split('\n').filter((l) => l.includes('"msg":"redis error"'));
      expect(report.totals.redisErrors).toBeGreaterThan(0);
      // Every counted event was logged (a few more may come while the run closes its connections).
      expect(logged.length).toBeGreaterThanOrEqual(report.totals.redisErrors);
      expect(logged[0]).toMatch(/"source":"[a-z ]+"/);
    } finally {
      await own.stop();
      await sim.close();
    }
  });
});
