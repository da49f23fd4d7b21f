import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { uiStringsJson } from './helpers/corpus.ts';
import { runCli } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { startTestRedis } from './helpers/test-redis.ts';
import { QwenMtSimulator } from './simulator/qwen-mt-simulator.ts';

const KEY = 'sk-exact-report-0000000';
let sim: QwenMtSimulator;
let redis: Awaited<ReturnType<typeof startTestRedis>>;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = new QwenMtSimulator({ apiKey: KEY, latencyMs: 100 });
  env = { DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: await sim.listen() };
});
afterAll(() => sim.close());
// Each test its own Redis: jobs an interrupted run leaves behind would be served by the next.
beforeEach(async () => {
  redis = await startTestRedis();
  env = { ...env, REDIS_URL: redis.url };
});
afterEach(() => redis.stop());

/** 200 distinct strings in one file, five to a request. */
async function project(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-exact-'));
  await mkdir(path.join(dir, 'locales'));
  await writeFile(path.join(dir, 'locales/en.json'), uiStringsJson(200, 5));
  await writeFile(
    path.join(dir, 'translate-locales.config.json'),
    JSON.stringify({
      sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}.json' }],
      provider: { name: 'qwen-mt' }, rateLimit: { rpm: 60_000, tpm: 100_000_000 }, batch: { maxSegments: 5 }, concurrency: 2,
    }),
  );
  return dir;
}

const memoryLines = async (dir: string) => {
  const file = path.join(dir, '.translate-locales/memory/de.jsonl');
  return existsSync(file) ? (await readFile(file, 'utf8')).split('\n').filter(Boolean).length : 0;
};

function expectBalanced(report: RunReport): void {
  const t = report.totals;
  expect(t.translated + t.reused + t.failed + t.pending + report.files.reduce((n, f) => n + f.kept, 0)).toBe(t.segments);
  for (const f of report.files) expect(f.translated + f.reused + f.failed + f.pending + f.kept).toBe(f.segments);
}

describe('reports are exact', () => {
  it('an interrupted run reports as translated only the segments whose results came in', async () => {
    sim.reset();
    const dir = await project();
    let pid = 0;
    const run = runCli(['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json')], { env, onSpawn: (p) => (pid = p) });
    while (sim.stats.ok < 6) await new Promise((r) => setTimeout(r, 20));
    process.kill(pid, 'SIGINT');
    const stopped = await run;
    expect(stopped.code).toBe(1);
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.aborted).toMatch(/interrupted by SIGINT/);
    // What was translated is exactly what reached the memory (every string is distinct).
    const stored = await memoryLines(dir);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(200);
    expect(report.totals.translated).toBe(stored);
    expect(report.totals.pending).toBe(200 - stored);
    expectBalanced(report);
    expect(stopped.stdout).toMatch(new RegExp(`Segments: 200 \\(${stored} translated, 0 from memory, 0 failed, ${200 - stored} not done\\)`));
  });

  it('a run stopped by --max-cost reports nothing translated', async () => {
    sim.reset();
    const dir = await project();
    const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json'), '--max-cost', '0'], { env });
    expect(r.code).toBe(2);
    expect(sim.stats.requests).toBe(0);
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.totals).toMatchObject({ segments: 200, translated: 0, pending: 200, failed: 0 });
    expect(report.files[0]).toMatchObject({ translated: 0, pending: 200 });
    expect(r.stdout).toMatch(/Segments: 200 \(0 translated, 0 from memory, 0 failed, 200 not done\)/);
  });
});
