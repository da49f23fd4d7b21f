import { Queue } from 'bullmq';
import parsePrometheus from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelInfo } from '../src/config/models.ts';
import { emptyTotals } from '../src/pipeline/run-report.ts';
import { DEFAULT_PREFIX, RUNS_QUEUE } from '../src/queue/queue-names.ts';
import { RateLimiter } from '../src/queue/rate-limiter.ts';
import { ServiceMetrics } from '../src/service/service-metrics.ts';
import { startTestRedis } from './helpers/test-redis.ts';

let redis: Awaited<ReturnType<typeof startTestRedis>>;
let queue: Queue;

beforeAll(async () => {
  redis = await startTestRedis();
  queue = new Queue(RUNS_QUEUE, { connection: redis.client(), prefix: DEFAULT_PREFIX });
});

afterAll(async () => {
  await queue.close();
  await redis.stop();
});

const sample = (text: string, name: string, labels: Record<string, string>) =>
  parsePrometheus(text).find((f) => f.name === name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));

describe('service metrics', () => {
  it('count runs, segments, tokens and cost; jobs per queue and state; the shared limiter use of RPM and TPM', async () => {
    const metrics = new ServiceMetrics({ queues: [queue], redis: redis.client() });
    const totals = { ...emptyTotals(), translated: 40, reused: 60, failed: 2, requests: 5, promptTokens: 1_000_000, completionTokens: 500_000, throttled: 3, retries: 4 };
    metrics.recordRun('docs', 'succeeded', 12, { totals }, modelInfo('qwen-mt-flash'));
    metrics.recordRun('docs', 'skipped', undefined, undefined);
    await queue.add('run', { project: 'docs', trigger: 'manual' });
    metrics.knowLimits('scope-a', 600, 60_000);
    const limiter = new RateLimiter(redis.client(), { scope: 'scope-a', rpm: 600, tpm: 60_000 });
    await limiter.acquire(100);
    await limiter.acquire(100);

    const text = await metrics.text();
    expect(sample(text, 'translate_locales_runs_total', { project: 'docs', outcome: 'succeeded' })?.value).toBe('1');
    expect(sample(text, 'translate_locales_runs_total', { project: 'docs', outcome: 'skipped' })?.value).toBe('1');
    // The parser keeps a histogram's buckets (not its labels): one run, 12 s.
    const duration = parsePrometheus(text).find((f) => f.name === 'translate_locales_run_duration_seconds');
    expect(duration?.type).toBe('HISTOGRAM');
    expect(duration?.metrics[0].buckets).toMatchObject({ '5': '0', '15': '1', '+Inf': '1' });
    expect(sample(text, 'translate_locales_segments_total', { result: 'reused' })?.value).toBe('60');
    expect(sample(text, 'translate_locales_tokens_total', { kind: 'completion' })?.value).toBe('500000');
    expect(sample(text, 'translate_locales_throttled_total', { project: 'docs' })?.value).toBe('3');
    expect(sample(text, 'translate_locales_retries_total', { project: 'docs' })?.value).toBe('4');
    // qwen-mt-flash list price: $0.16 in + $0.49 out per million tokens.
    expect(Number(sample(text, 'translate_locales_cost_usd_total', { project: 'docs' })?.value)).toBeCloseTo(0.16 + 0.245, 6);
    expect(sample(text, 'translate_locales_queue_jobs', { queue: 'runs', state: 'waiting' })?.value).toBe('1');
    expect(sample(text, 'translate_locales_rate_limiter_per_minute', { scope: 'scope-a', unit: 'requests' })?.value).toBe('120');
    expect(sample(text, 'translate_locales_rate_limiter_per_minute', { scope: 'scope-a', unit: 'tokens' })?.value).toBe('12000');
    expect(Number(sample(text, 'translate_locales_rate_limiter_use_ratio', { scope: 'scope-a', limit: 'rpm' })?.value)).toBeCloseTo(0.2, 6);
    expect(Number(sample(text, 'translate_locales_rate_limiter_use_ratio', { scope: 'scope-a', limit: 'tpm' })?.value)).toBeCloseTo(0.2, 6);
  });
});
