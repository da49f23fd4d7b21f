import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranslateWorker } from '../workers/translate-worker.ts';
import { pseudoLocalise } from '../src/providers/pseudo-provider.ts';
import type { Provider, TranslateRequest, TranslateResult } from '../src/providers/provider.ts';
import { PAYLOAD_VERSION, type TranslateJobData } from '../src/queue/job-payloads.ts';
import { TRANSLATE_QUEUE } from '../src/queue/queue-names.ts';
import { startTestRedis } from './helpers/test-redis.ts';

// `concurrency: auto` directly: requests in flight follow the allowed rate × the latency observed,
// between a floor of 4 and a cap of 128; a number stays that number.

const LATENCY_MS = 200;

/** Answers every request after LATENCY_MS (or later, on a busy machine: the figures below only grow then). */
class SlowProvider implements Provider {
  readonly name = 'pseudo';
  async translate(req: TranslateRequest): Promise<TranslateResult> {
    await new Promise((r) => setTimeout(r, LATENCY_MS));
    return { text: pseudoLocalise(req.text), finishReason: 'stop', promptTokens: 1, completionTokens: 1 };
  }
  async close(): Promise<void> {}
}

let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

/** A worker with this concurrency setting, after it has served one job: its concurrency then. */
async function concurrencyAfterOneJob(prefix: string, concurrency: ConstructorParameters<typeof TranslateWorker>[0]['concurrency']): Promise<{ before: number; after: number }> {
  const worker = new TranslateWorker({
    connection: redis.client(), prefix, concurrency, providerFor: () => new SlowProvider(),
    retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 }, limitsFor: () => undefined,
  });
  const queue = new Queue<TranslateJobData>(TRANSLATE_QUEUE, { connection: redis.client(), prefix });
  const events = new QueueEvents(TRANSLATE_QUEUE, { connection: redis.client(), prefix });
  try {
    const before = worker.concurrency;
    await events.waitUntilReady();
    const job = await queue.add('t', { v: PAYLOAD_VERSION, provider: 'pseudo', model: 'qwen-mt-flash', sourceLang: 'English', targetLang: 'German', segments: [{ key: 'k', text: 'Hello' }] });
    await job.waitUntilFinished(events);
    return { before, after: worker.concurrency };
  } finally {
    await worker.close();
    await Promise.all([queue.close(), events.close()]);
  }
}

describe('auto concurrency', () => {
  it('starts at 4 and grows to twice rate × latency (+2): 100 requests/s at 200 ms wants at least 42', async () => {
    const { before, after } = await concurrencyAfterOneJob('auto-grow', { auto: true, rpm: 6000 });
    expect(before).toBe(4);
    expect(after).toBeGreaterThanOrEqual(Math.ceil((6000 / 60) * (LATENCY_MS / 1000) * 2) + 2);
    expect(after).toBeLessThanOrEqual(128);
  });

  it('never goes under 4 nor over 128', async () => {
    expect((await concurrencyAfterOneJob('auto-floor', { auto: true, rpm: 60 })).after).toBe(4);
    expect((await concurrencyAfterOneJob('auto-cap', { auto: true, rpm: 6_000_000 })).after).toBe(128);
  });

  it('a number given stays that number, whatever the latency', async () => {
    expect(await concurrencyAfterOneJob('fixed', 3)).toEqual({ before: 3, after: 3 });
  });
});
