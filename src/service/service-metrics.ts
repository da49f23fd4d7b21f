import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ModelInfo } from '../config/models.ts';
import { tokenCost } from '../pipeline/estimate-cost.ts';
import type { RunReport } from '../pipeline/run-report.ts';
import { DEFAULT_PREFIX, limiterKey } from '../queue/queue-names.ts';
import type { RunStatus } from './run-records.ts';

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;

export interface ServiceMetricsOptions {
  /** Queues whose jobs are counted by state at each scrape. */
  readonly queues: readonly Queue[];
  /** Reads the shared rate limiter's recent use. */
  readonly redis: Redis;
}

/** The service's Prometheus metrics (`/metrics`): runs, their work and cost, queues, the shared limiter. */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly runs = new Counter({ name: 'translate_locales_runs_total', help: 'Runs by project and outcome', labelNames: ['project', 'outcome'], registers: [this.registry] });
  private readonly duration = new Histogram({
    name: 'translate_locales_run_duration_seconds', help: 'Duration of finished runs', labelNames: ['project'], registers: [this.registry],
    buckets: [1, 5, 15, 60, 300, 900, 3600, 4 * 3600],
  });
  private readonly segments = new Counter({ name: 'translate_locales_segments_total', help: 'Segments by result: translated, reused (memory), failed', labelNames: ['project', 'result'], registers: [this.registry] });
  private readonly requests = new Counter({ name: 'translate_locales_requests_total', help: 'Requests sent to the provider', labelNames: ['project'], registers: [this.registry] });
  private readonly tokens = new Counter({ name: 'translate_locales_tokens_total', help: 'Billed tokens by kind: prompt, completion', labelNames: ['project', 'kind'], registers: [this.registry] });
  private readonly throttled = new Counter({ name: 'translate_locales_throttled_total', help: 'Requests answered 429', labelNames: ['project'], registers: [this.registry] });
  private readonly retries = new Counter({ name: 'translate_locales_retries_total', help: 'Requests sent again after a fault or a failed check', labelNames: ['project'], registers: [this.registry] });
  private readonly cost = new Counter({ name: 'translate_locales_cost_usd_total', help: 'Estimated cost in USD at the model list price', labelNames: ['project'], registers: [this.registry] });
  /** Limits of each limiter scope, learnt from the runs of this process. */
  private readonly limits = new Map<string, { rpm: number; tpm: number }>();

  constructor(options: ServiceMetricsOptions) {
    collectDefaultMetrics({ register: this.registry, prefix: 'translate_locales_process_' });
    new Gauge({
      name: 'translate_locales_queue_jobs', help: 'Jobs per queue and state', labelNames: ['queue', 'state'], registers: [this.registry],
      async collect() {
        for (const q of options.queues) {
          const counts = await q.getJobCounts(...STATES);
          for (const state of STATES) this.set({ queue: q.name, state }, counts[state] ?? 0);
        }
      },
    });
    const limits = this.limits;
    const use = async (): Promise<Array<{ scope: string; rpm: number; tpm: number }>> => readLimiterUse(options.redis);
    new Gauge({
      name: 'translate_locales_rate_limiter_use_ratio', help: 'Share of the limit the shared rate limiter used over the last second (rpm, tpm)', labelNames: ['scope', 'limit'], registers: [this.registry],
      async collect() {
        for (const u of await use()) {
          const limit = limits.get(u.scope);
          if (!limit) continue;
          this.set({ scope: u.scope, limit: 'rpm' }, u.rpm / limit.rpm);
          this.set({ scope: u.scope, limit: 'tpm' }, u.tpm / limit.tpm);
        }
      },
    });
    new Gauge({
      name: 'translate_locales_rate_limiter_per_minute', help: 'Requests and tokens the shared rate limiter let start over the last second, per minute', labelNames: ['scope', 'unit'], registers: [this.registry],
      async collect() {
        for (const u of await use()) {
          this.set({ scope: u.scope, unit: 'requests' }, u.rpm);
          this.set({ scope: u.scope, unit: 'tokens' }, u.tpm);
        }
      },
    });
  }

  /** Remembers a limiter scope's limits so its use can be shown as a share. */
  knowLimits(scope: string, rpm: number, tpm: number): void {
    this.limits.set(scope, { rpm, tpm });
  }

  /** `model`: undefined for the free pseudo provider. */
  recordRun(project: string, outcome: RunStatus, seconds: number | undefined, report: Pick<RunReport, 'totals'> | undefined, model?: ModelInfo): void {
    this.runs.inc({ project, outcome });
    if (seconds !== undefined) this.duration.observe({ project }, seconds);
    if (!report) return;
    const t = report.totals;
    this.segments.inc({ project, result: 'translated' }, t.translated);
    this.segments.inc({ project, result: 'reused' }, t.reused);
    this.segments.inc({ project, result: 'failed' }, t.failed);
    this.requests.inc({ project }, t.requests);
    this.tokens.inc({ project, kind: 'prompt' }, t.promptTokens);
    this.tokens.inc({ project, kind: 'completion' }, t.completionTokens);
    this.throttled.inc({ project }, t.throttled);
    this.retries.inc({ project }, t.retries);
    this.cost.inc({ project }, tokenCost(model, t.promptTokens, t.completionTokens));
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** Requests and tokens per minute each limiter scope let start over the last second, read from its window in Redis. */
async function readLimiterUse(redis: Redis): Promise<Array<{ scope: string; rpm: number; tpm: number }>> {
  const base = limiterKey(DEFAULT_PREFIX, '');
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${base}*:window`, 'COUNT', 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  const [sec, micro] = await redis.time();
  const now = Number(sec) * 1000 + Math.floor(Number(micro) / 1000);
  const out = [];
  for (const window of keys) {
    const scope = window.slice(base.length, -':window'.length);
    const ids = await redis.zrangebyscore(window, `(${now - 1000}`, now);
    const sizes = ids.length ? await redis.hmget(`${limiterKey(DEFAULT_PREFIX, scope)}:sizes`, ...ids) : [];
    out.push({ scope, rpm: ids.length * 60, tpm: sizes.reduce((sum, s) => sum + Number(s ?? 0), 0) * 60 });
  }
  return out;
}
