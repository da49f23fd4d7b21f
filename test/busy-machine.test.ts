import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchTranslator } from '../jobs/translate-batch.ts';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { PseudoProvider } from '../src/providers/pseudo-provider.ts';
import type { TranslateJobData, TranslateJobResult } from '../src/queue/job-payloads.ts';
import { DEFAULT_PREFIX, TRANSLATE_QUEUE } from '../src/queue/queue-names.ts';
import { PrivateRedis } from '../src/redis/private-redis.ts';
import { markdownDocs, uiStringsJson } from './helpers/corpus.ts';
import { runCli } from './helpers/run-cli.ts';
import { QwenMtSimulator } from './simulator/qwen-mt-simulator.ts';

let redis: PrivateRedis;
beforeAll(async () => {
  redis = await PrivateRedis.start();
});
afterAll(() => redis.stop());

async function project(files: Record<string, string>, config: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-busy-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  await writeFile(path.join(dir, 'translate-locales.config.json'), JSON.stringify({ sourceLocale: 'en', targetLocales: ['de'], ...config }));
  return dir;
}

/** Large documents: the corpus' pages, each repeated to ~`blocks` blocks with distinct text. */
function largeDocs(count: number, repeat: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, text] of markdownDocs(count, 5)) {
    const body = text.replace(/^---[\s\S]*?---\n/, '');
    files[`docs/en/${name}`] = Array.from({ length: repeat }, (_, i) => body.replace(/(\d+)/g, `$1-${i}`)).join('\n');
  }
  return files;
}

describe('a busy machine', () => {
  it('many large documents beside two busy-loop processes: every file written, no listener warning', async () => {
    const hogs: ChildProcess[] = [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
    const sim = new QwenMtSimulator({ apiKey: 'sk-busy-000000000', latencyMs: 40 });
    try {
      const dir = await project(largeDocs(24, 12), {
        files: [{ format: 'markdown', source: 'docs/{locale}/**/*.md' }], provider: { name: 'qwen-mt' },
        rateLimit: { rpm: 100_000, tpm: 100_000_000 },
      });
      const r = await runCli(['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json')], {
        env: { DASHSCOPE_API_KEY: 'sk-busy-000000000', DASHSCOPE_BASE_URL: await sim.listen(), REDIS_URL: redis.url },
      });
      const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
      expect(report.files.filter((f) => f.status === 'failed').map((f) => f.errors)).toEqual([]);
      expect(r.code).toBe(0);
      expect(report.totals.segments).toBeGreaterThan(2000);
      expect(report.totals.failed).toBe(0);
      expect(report.totals.translated).toBe(report.totals.segments);
      expect(r.stderr).not.toMatch(/MaxListenersExceededWarning/);
    } finally {
      for (const h of hogs) h.kill('SIGKILL');
      await sim.close();
    }
  }, 300_000);

  it('a job that stalls (its lock lapsed) is queued again, never failed while its segments can be translated', async () => {
    const dir = await project({ 'locales/en.json': uiStringsJson(40, 2) }, {
      files: [{ format: 'json', source: 'locales/{locale}.json' }], provider: { name: 'pseudo' }, batch: { maxSegments: 10 },
    });
    // A worker whose first attempt at every job ends as BullMQ ends a job that stalled too often.
    const seen = new Map<string, number>();
    const connection = new Redis({ path: redis.url.slice('unix://'.length), maxRetriesPerRequest: null });
    const worker = new Worker<TranslateJobData, TranslateJobResult>(TRANSLATE_QUEUE, async (job) => {
      const n = (seen.get(job.id!) ?? 0) + 1;
      seen.set(job.id!, n);
      if (n === 1) throw new UnrecoverableError('job stalled more than allowable limit');
      return new BatchTranslator(job.data, { provider: new PseudoProvider(), retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } }).run();
    }, { connection, prefix: DEFAULT_PREFIX, concurrency: 2 });
    try {
      const r = await runCli(['--config', path.join(dir, 'translate-locales.config.json'), '--concurrency', '0', '--report', path.join(dir, 'report.json')], { env: { REDIS_URL: redis.url } });
      const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
      expect(report.totals).toMatchObject({ translated: 40, failed: 0 });
      expect(r.code).toBe(0);
      expect([...seen.values()]).toEqual([2, 2, 2, 2]);
    } finally {
      await worker.close();
      await connection.quit();
    }
  });
});
