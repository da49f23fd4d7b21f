import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeJobFailure, encodeJobFailure, stopsRun } from '../src/queue/job-failure.ts';
import { PrivateRedis } from '../src/redis/private-redis.ts';
import { uiStringsJson } from './helpers/corpus.ts';
import { BIN } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { QwenMtSimulator } from './simulator/qwen-mt-simulator.ts';

describe('a job failure crossing Redis', () => {
  it('keeps its kind as a field, whatever its message says', () => {
    const fatal = { kind: 'fatal', message: 'Qwen-MT rejected the API key (401 invalid_api_key)' } as const;
    expect(decodeJobFailure(encodeJobFailure(fatal))).toEqual(fatal);
    expect(stopsRun(decodeJobFailure(encodeJobFailure(fatal)))).toBe(true);
    // A message that merely reads like a kind is not one.
    const transient = { kind: 'transient', message: 'fatal: the proxy said so' } as const;
    expect(stopsRun(decodeJobFailure(encodeJobFailure(transient)))).toBe(false);
    expect(decodeJobFailure('fatal: from an older worker')).toEqual({ kind: 'unknown', message: 'fatal: from an older worker' });
    expect(decodeJobFailure('job stalled more than allowable limit')).toEqual({ kind: 'unknown', message: 'job stalled more than allowable limit' });
    expect(decodeJobFailure('{"kind":"nonsense","message":"x"}').kind).toBe('unknown');
  });

  it('a fatal error in a worker process stops the run with the service message, not its encoding', async () => {
    const redis = await PrivateRedis.start();
    const sim = new QwenMtSimulator({ apiKey: 'sk-the-right-key-000' });
    const base = await sim.listen();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-fatal-'));
    await mkdir(path.join(dir, 'locales'));
    await writeFile(path.join(dir, 'locales/en.json'), uiStringsJson(20, 3));
    const config = path.join(dir, 'translate-locales.config.json');
    await writeFile(config, JSON.stringify({ sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}.json' }], provider: { name: 'qwen-mt' }, rateLimit: { rpm: 60_000, tpm: 100_000_000 } }));
    // The worker holds a key of another region: every request is refused with 401.
    const worker = spawn(process.execPath, [BIN, 'worker', '--config', config], { env: { ...process.env, DASHSCOPE_API_KEY: 'sk-wrong-region-000', DASHSCOPE_BASE_URL: base, REDIS_URL: redis.url }, stdio: 'ignore' });
    try {
      const r = await runMain(['--config', config, '--concurrency', '0'], { env: { DASHSCOPE_API_KEY: 'sk-the-right-key-000', DASHSCOPE_BASE_URL: base, REDIS_URL: redis.url } });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/Stopped: Qwen-MT rejected the API key \(401 invalid_api_key/);
      expect(r.stdout).not.toMatch(/"kind"/);
    } finally {
      worker.kill('SIGKILL');
      await sim.close();
      await redis.stop();
    }
  });
});
