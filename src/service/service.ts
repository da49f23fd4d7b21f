import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { checkRedis } from '../queue/check-redis.ts';
import { DEFAULT_PREFIX, RUNS_QUEUE, TRANSLATE_QUEUE } from '../queue/queue-names.ts';
import { createConnection } from '../queue/redis-connection.ts';
import type { LocalWorkers } from '../run/local-workers.ts';
import { settleWithin } from '../util/settle-within.ts';
import { ProjectLock } from './project-lock.ts';
import { RunProcessor, type RunJobData } from './run-processor.ts';
import { RunRecords } from './run-records.ts';
import { reconcileSchedulers } from './schedulers.ts';
import type { ServiceConfig } from './service-config.ts';
import { ServiceMetrics } from './service-metrics.ts';

/** How long the readiness probe waits for Redis to answer. */
const PING_MS = 1_000;

/**
 * The scheduled service without its HTTP side: reconciles the schedulers, serves the `runs` queue
 * and keeps the list of runs. Runs of one project never overlap, on any number of replicas.
 */
export class Service {
  readonly connection: Redis;
  readonly runsQueue: Queue<RunJobData>;
  readonly translateQueue: Queue;
  readonly records: RunRecords;
  readonly metrics: ServiceMetrics;
  private worker?: Worker<RunJobData>;
  private readonly processor: RunProcessor;
  private reconciled = false;

  constructor(private readonly config: ServiceConfig, private readonly logger: Logger, onGiveUp: (message: string) => void, workers: LocalWorkers) {
    // The project lock of a killed replica outlives its job's lock (BullMQ finds the job stalled two to
    // three lock periods after the kill): ticks meanwhile are skipped; the replica given the run takes it.
    this.connection = createConnection({ url: config.redisUrl, onGiveUp });
    this.runsQueue = new Queue<RunJobData>(RUNS_QUEUE, { connection: this.connection, prefix: DEFAULT_PREFIX });
    this.translateQueue = new Queue(TRANSLATE_QUEUE, { connection: this.connection, prefix: DEFAULT_PREFIX });
    for (const q of [this.runsQueue, this.translateQueue]) q.on('error', () => {});
    this.records = new RunRecords(this.connection);
    this.metrics = new ServiceMetrics({ queues: [this.runsQueue, this.translateQueue], redis: this.connection });
    this.processor = new RunProcessor({ service: config, lock: new ProjectLock(this.connection, 10 * config.lockDurationMs, config.lockDurationMs / 2), records: this.records, metrics: this.metrics, logger, workers });
  }

  /** Checks Redis, reconciles the schedulers, starts taking run jobs. */
  async start(): Promise<void> {
    await checkRedis(this.config.redisUrl);
    await this.reconcile();
    // A Redis that came back empty (restarted without persistence) gets its schedulers again.
    this.connection.on('ready', () => void this.reconcile().catch((error: Error) => this.logger.warn({ error: error.message }, 'reconciling schedulers')));
    this.worker = new Worker<RunJobData>(RUNS_QUEUE, (job, token) => this.processor.process(job, token), {
      connection: createConnection({ url: this.config.redisUrl }),
      prefix: DEFAULT_PREFIX,
      concurrency: this.config.runConcurrency,
      // A replica that dies mid-run loses its lock after this long; another one takes the run over.
      lockDuration: this.config.lockDurationMs,
      stalledInterval: this.config.lockDurationMs,
      maxStalledCount: 10,
    });
    this.worker.on('error', (error) => this.logger.warn({ error: error.message }, 'runs worker'));
  }

  private async reconcile(): Promise<void> {
    const { upserted, removed } = await reconcileSchedulers(this.runsQueue, this.config.projects);
    this.reconciled = true;
    this.logger.info({ upserted, removed }, 'schedulers reconciled');
  }

  async readiness(): Promise<{ ready: boolean; reason?: string }> {
    if (!this.reconciled) return { ready: false, reason: 'schedulers not reconciled yet' };
    if (!this.worker?.isRunning()) return { ready: false, reason: 'the runs worker is not running' };
    if (this.connection.status !== 'ready') return { ready: false, reason: `Redis unreachable (${this.connection.status})` };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), PING_MS)));
    const answer = await Promise.race([this.connection.ping().catch((e: Error) => e.message), timeout]);
    clearTimeout(timer);
    return answer === 'PONG' ? { ready: true } : { ready: false, reason: `Redis did not answer (${answer})` };
  }

  /** Stops taking jobs, cancels runs in progress (they go back to the queue), closes Redis; bounded by `timeoutMs`. */
  async stop(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const left = () => Math.max(0, deadline - Date.now());
    this.processor.stop('the service is shutting down');
    await settleWithin(this.worker?.close(), left());
    await settleWithin(Promise.all([this.runsQueue.close(), this.translateQueue.close()]), left());
    this.connection.disconnect();
  }
}
