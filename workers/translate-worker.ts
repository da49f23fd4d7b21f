import { setMaxListeners } from 'node:events';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { BatchTranslator } from '../jobs/translate-batch.ts';
import { TokenCalibration } from '../jobs/token-calibration.ts';
import { ConfigError } from '../src/errors/config-error.ts';
import { ProviderError } from '../src/errors/provider-error.ts';
import { encodeJobFailure } from '../src/queue/job-failure.ts';
import { autoConcurrency, smoothLatency } from '../src/queue/auto-concurrency.ts';
import { PAYLOAD_VERSION, type TranslateJobData, type TranslateJobResult } from '../src/queue/job-payloads.ts';
import { TRANSLATE_QUEUE } from '../src/queue/queue-names.ts';
import type { TranslateWorkerOptions } from '../src/queue/worker-options.ts';
import { RateLimiter } from '../src/queue/rate-limiter.ts';
import { redisErrors } from '../src/redis/redis-errors.ts';

export type { TranslateWorkerOptions };

const AUTO_START = 4;
const AUTO_MAX = 128;

/** Serves the translate queue: one packed request per job, paced by the shared limiter. */
export class TranslateWorker {
  readonly worker: Worker<TranslateJobData, TranslateJobResult>;
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly abort = new AbortController();
  private latencyMs = 0;
  private readonly calibration = new TokenCalibration();

  constructor(private readonly options: TranslateWorkerOptions) {
    // Every job in flight (up to AUTO_MAX) listens to this signal while it sleeps or waits for a reply.
    setMaxListeners(0, this.abort.signal);
    this.worker = new Worker<TranslateJobData, TranslateJobResult>(TRANSLATE_QUEUE, (job) => this.process(job), {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: typeof options.concurrency === 'number' ? options.concurrency : AUTO_START,
      // A worker that dies mid-job: its jobs go back to waiting within one lock period. Renewed every
      // 10 s: a process starved of CPU (other jobs on the machine, a long GC) must miss two renewals.
      lockDuration: 20_000,
      stalledInterval: 5_000,
      // A job whose lock lapsed on a busy machine goes back to waiting, not to failed; the run queues
      // again even one that stalls more often than this.
      maxStalledCount: 5,
      autorun: true,
    });
    redisErrors.watch('translate worker', this.worker);
  }

  private limiterFor(job: TranslateJobData): RateLimiter | undefined {
    const limits = this.options.limitsFor(job);
    if (!limits) return undefined;
    let limiter = this.limiters.get(limits.scope);
    if (!limiter) {
      limiter = new RateLimiter(this.options.connection, { ...limits, prefix: this.options.prefix });
      this.limiters.set(limits.scope, limiter);
    }
    return limiter;
  }

  /** Requests in flight ≈ allowed rate × latency (with headroom), so a slow model still reaches the limit. */
  private observe(ms: number): void {
    const c = this.options.concurrency;
    if (typeof c === 'number') return;
    this.latencyMs = smoothLatency(this.latencyMs, ms);
    const next = autoConcurrency(c.rpm, this.latencyMs, { min: AUTO_START, max: AUTO_MAX });
    if (next !== this.worker.concurrency) this.worker.concurrency = next;
  }

  get concurrency(): number {
    return this.worker.concurrency;
  }

  waitUntilReady(): Promise<unknown> {
    return this.worker.waitUntilReady();
  }

  on(event: 'completed', listener: (job: Job<TranslateJobData, TranslateJobResult>) => void): this;
  on(event: 'failed', listener: (job: Job<TranslateJobData> | undefined, error: Error) => void): this;
  on(event: 'completed' | 'failed', listener: (...args: never[]) => void): this {
    this.worker.on(event, listener as never);
    return this;
  }

  private async process(job: Job<TranslateJobData>): Promise<TranslateJobResult> {
    if (job.data.v !== PAYLOAD_VERSION) throw new UnrecoverableError(encodeJobFailure({ kind: 'payload', message: `job payload version ${String(job.data.v)} is not ${PAYLOAD_VERSION}: upgrade this worker` }));
    try {
      const provider = this.options.providerFor(job.data.provider);
      const result = await new BatchTranslator(job.data, {
        provider,
        limiter: this.limiterFor(job.data),
        retry: this.options.retry,
        signal: this.abort.signal,
        onLatency: (ms) => this.observe(ms),
        calibration: this.calibration,
      }).run();
      this.options.onResult?.(job, result);
      return result;
    } catch (error) {
      if ((error instanceof ProviderError && error.kind === 'fatal') || error instanceof ConfigError) throw new UnrecoverableError(encodeJobFailure({ kind: 'fatal', message: error.message }));
      throw new Error(encodeJobFailure({ kind: error instanceof ProviderError ? error.kind : 'unknown', message: (error as Error).message }));
    }
  }

  async connectionQuit(): Promise<void> {
    await this.options.connection.quit().catch(() => {});
  }

  /** Finishes the jobs in flight (or, with `force`, gives them back to the queue) and disconnects. */
  async close(force = false): Promise<void> {
    if (force) this.abort.abort(new Error('worker shutting down'));
    // Closing while the blocking connection starts up would crash the process.
    await this.worker.waitUntilReady().catch(() => {});
    await this.worker.close(force);
  }
}
