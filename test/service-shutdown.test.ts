import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../src/redis/private-redis.ts';
import { uiStringsJson } from './helpers/corpus.ts';
import { repoWithOrigin, showFile } from './helpers/git-repo.ts';
import { runCli, stopAllClis } from './helpers/run-cli.ts';
import { eventually, getRuns, serviceFolder, startService } from './helpers/service-env.ts';
import { QwenMtSimulator } from './simulator/qwen-mt-simulator.ts';

const KEY = 'sk-service-shutdown-000000';
const STRINGS = 240;
let redis: PrivateRedis;
let sim: QwenMtSimulator;
let env: NodeJS.ProcessEnv;
let bare: string;

beforeAll(async () => {
  redis = await PrivateRedis.start();
  sim = new QwenMtSimulator({ apiKey: KEY, latencyMs: 250 });
  env = { REDIS_URL: redis.url, DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: await sim.listen() };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-shutdown-'));
  await mkdir(path.join(dir, 'locales'), { recursive: true });
  await writeFile(path.join(dir, 'locales/en.json'), uiStringsJson(STRINGS, 5));
  await writeFile(
    path.join(dir, 'translate-locales.config.json'),
    JSON.stringify({
      sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}.json' }],
      provider: { name: 'qwen-mt' }, rateLimit: { rpm: 60_000, tpm: 100_000_000 }, batch: { maxSegments: 10 }, concurrency: 2,
    }),
  );
  bare = await repoWithOrigin(dir);
});

afterAll(async () => {
  await stopAllClis();
  await sim.close();
  await redis.stop();
});

describe('serve: shutdown and Redis outages', () => {
  it('SIGTERM mid-run exits 0; the next start completes the run', async () => {
    const service = await serviceFolder({});
    await service.write({ projects: [{ id: 'app', repo: bare, publish: { mode: 'commit' } }], shutdownTimeoutMs: 10_000, lockDurationMs: 2000 });
    let serve = await startService(service.file, env);
    expect((await runCli(['schedule', 'trigger', 'app', '--config', service.file], { env })).code).toBe(0);
    const running = await eventually('a run under way', async () => {
      const r = (await getRuns(serve.url)).find((x) => x.status === 'running');
      return r?.progress && sim.stats.ok >= 5 ? r : undefined;
    });
    // /runs shows how far it is.
    expect(running.progress?.segmentsTotal).toBe(STRINGS);
    serve.cli.kill('SIGTERM');
    const exit = await serve.cli.exited;
    expect(exit.code).toBe(0);
    expect(exit.stderr).toMatch(/SIGTERM: stopping/);
    expect(showFile(bare, 'main', 'locales/de.json')).toBeUndefined();
    const paidBefore = sim.stats.ok;

    serve = await startService(service.file, env);
    const done = await eventually('the run completed after the restart', async () => {
      const r = (await getRuns(serve.url)).find((x) => x.id === running.id);
      return r?.status === 'succeeded' ? r : undefined;
    });
    expect(done.trigger).toBe('manual');
    const de = JSON.parse(showFile(bare, 'main', 'locales/de.json') ?? '{}') as Record<string, Record<string, string>>;
    expect(Object.values(de).flatMap((s) => Object.values(s))).toHaveLength(STRINGS);
    // What came back before the stop was kept: the rest of the run cost the rest of the requests.
    expect(sim.stats.ok).toBeLessThanOrEqual(STRINGS / 10 + 2);
    expect(paidBefore).toBeGreaterThan(0);
    serve.cli.kill('SIGTERM');
    expect((await serve.cli.exited).code).toBe(0);
  });

  it('/readyz answers 503 with the reason while Redis is down, 200 when it is back; /healthz stays 200; /metrics 503', async () => {
    const service = await serviceFolder({ projects: [{ id: 'idle', path: '.' }] });
    const serve = await startService(service.file, env);
    expect((await fetch(`${serve.url}/readyz`)).status).toBe(200);
    const restarted = redis.restart(8000);
    const down = await eventually('a 503', async () => {
      const res = await fetch(`${serve.url}/readyz`);
      return res.status === 503 ? res.text() : undefined;
    });
    expect(down).toMatch(/not ready: Redis/);
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
    // A scrape does not hang on a Redis that is away.
    expect((await fetch(`${serve.url}/metrics`)).status).toBe(503);
    await restarted;
    // What /readyz said last, if it never says ready again: the reason names what did not come back.
    let last = 'nothing (the service did not answer)';
    await eventually('ready again', async () => {
      const res = await fetch(`${serve.url}/readyz`);
      last = `${res.status} ${(await res.text()).trim()}`;
      return res.status === 200 ? true : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}; /readyz last answered ${last}; the service's log ends:\n${serve.cli.output().slice(-2000)}`);
    });
    serve.cli.kill('SIGTERM');
    expect((await serve.cli.exited).code).toBe(0);
  });
});
