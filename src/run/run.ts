import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { translateConcurrency } from '../config/concurrency.ts';
import type { ResolvedConfig } from '../config/load-config.ts';
import { paidModel } from '../config/models.ts';
import { estimateCost, overMaxCost, tokenCost } from '../pipeline/estimate-cost.ts';
import type { RunReport } from '../pipeline/run-report.ts';
import { TranslationRun } from './translation-run.ts';
import { planInputs } from '../pipeline/plan-inputs.ts';
import { redisForRun } from './redis-for-run.ts';
import { workerSettings } from './worker-settings.ts';
import { checkRedis } from '../queue/check-redis.ts';
import { LocalProjectLock } from '../files/local-project-lock.ts';
import { ProjectLock } from '../queue/project-lock.ts';
import { createConnection } from '../queue/redis-connection.ts';
import { redisErrors } from '../redis/redis-errors.ts';
import { settleWithin } from '../util/settle-within.ts';
import type { LocalWorkers } from './local-workers.ts';
import { requireApiKey } from './require-api-key.ts';
import type { RunEvent, RunExitCode } from './run-events.ts';

export interface RunOptions {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  /** Starts the in-process translate worker (unless `concurrency` is 0). */
  readonly workers: LocalWorkers;
  /** Refuse to start (exit code 2, nothing sent) if the estimated cost in USD is higher. */
  readonly maxCost?: number;
  /** Another run holds the project: wait for it (true) or stop with ProjectBusyError. */
  readonly wait?: boolean;
  /** Told once when this run starts waiting for another. */
  readonly onWait?: (message: string) => void;
  /** Where the API key is read (default: this process's environment). */
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunOutcome {
  readonly report: RunReport;
  readonly exitCode: RunExitCode;
}

/**
 * One translation run on one project, as the CLI, the CI step and the service start it:
 * `start()` resolves with the report, `on('event', …)` follows it, `cancel()` stops it cleanly
 * (queued work stays in Redis for the next run; nothing half-written).
 */
export class Run extends EventEmitter<{ event: [RunEvent] }> {
  private translation?: TranslationRun;
  private cancelled?: string;

  constructor(private readonly options: RunOptions) {
    super();
  }

  cancel(reason: string): void {
    this.cancelled ??= reason;
    this.translation?.stop(reason);
  }

  async start(): Promise<RunOutcome> {
    const { config, logger } = this.options;
    requireApiKey(config, this.options.env);
    const redis = await redisForRun(config.redisUrl);
    await checkRedis(redis.url).catch(async (error: unknown) => {
      await redis.stop();
      throw error;
    });
    logger.debug({ redis: redis.description }, 'redis');
    redisErrors.logTo((event) => logger.warn(event, 'redis error'));
    const lockConnection = createConnection({ url: redis.url });
    const lockOptions = { wait: this.options.wait ?? false, onWait: this.options.onWait };
    try {
      // On this machine, whatever Redis the other run uses; then across machines sharing this Redis.
      const local = await LocalProjectLock.acquire(config.root, lockOptions);
      try {
        const shared = await ProjectLock.acquire(lockConnection, config.root, lockOptions);
        try {
          return await this.locked(redis.url);
        } finally {
          await settleWithin(shared.release(), 2_000);
        }
      } finally {
        await local.release();
      }
    } finally {
      lockConnection.disconnect();
      await redis.stop();
    }
  }

  /** The run itself, once this process holds the project. */
  private async locked(redisUrl: string): Promise<RunOutcome> {
    const { config, logger, maxCost } = this.options;
    // Read only now: a run that held the project until a moment ago has just written them.
    const inputs = await planInputs(config);
    const connect = () =>
      createConnection({ url: redisUrl, giveUpMs: config.redis.reconnectTimeoutMs, onGiveUp: (message) => this.cancel(message) });
    const settings = workerSettings(config, this.options.env);
    // Concurrency 0: this process only produces and reassembles; `translate-locales worker` processes translate.
    const concurrency = translateConcurrency(config, 'run');
    const worker = concurrency === undefined ? undefined : await this.options.workers.start({ connection: connect(), concurrency, ...settings });
    let refused = false;
    const run = (this.translation = new TranslationRun({
      config,
      ...inputs,
      connect,
      beforeEnqueue: (batches) => {
        const estimate = estimateCost(batches, paidModel(config));
        logger.info({ estimate }, 'estimate');
        this.emit('event', { type: 'planned', files: run.fileCount, segments: estimate.segments, estimate });
        const refusal = overMaxCost(estimate, maxCost);
        refused = refusal !== undefined;
        return refusal;
      },
      log: (message) => logger.info(message),
      onProgress: ({ promptTokens, completionTokens, ...p }) =>
        this.emit('event', { type: 'progress', ...p, cost: tokenCost(paidModel(config), promptTokens, completionTokens) }),
      onFile: (f) =>
        this.emit(
          'event',
          f.status === 'failed'
            ? { type: 'file-failed', source: f.source, target: f.target, locale: f.locale, errors: f.errors }
            : { type: 'file-written', source: f.source, target: f.target, locale: f.locale, status: f.status },
        ),
    }));
    if (this.cancelled) run.stop(this.cancelled);
    let report: RunReport;
    try {
      report = await run.run();
    } finally {
      // With Redis gone, closing could wait for it forever: give each step a bound.
      await settleWithin(worker?.close(), 5_000);
      await settleWithin(worker?.connectionQuit(), 2_000);
      await settings.close();
    }
    const exitCode: RunExitCode = refused ? 2 : report.ok ? 0 : 1;
    this.emit('event', { type: 'finished', report, exitCode });
    return { report, exitCode };
  }
}
