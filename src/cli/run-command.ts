import path from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Logger } from 'pino';
import { TranslateWorker } from '../../workers/translate-worker.ts';
import { ConfigError } from '../config/config-error.ts';
import type { ResolvedConfig } from '../config/load-config.ts';
import { writeAtomic } from '../files/write-atomic.ts';
import { estimateCost, formatEstimate } from '../pipeline/estimate-cost.ts';
import { TranslationRun } from '../pipeline/translation-run.ts';
import type { RunReport } from '../pipeline/run-report.ts';
import { checkRedis } from '../queue/check-redis.ts';
import { createConnection } from '../queue/redis-connection.ts';
import { planInputs } from './plan-inputs.ts';
import { redisForRun } from './redis-for-run.ts';
import { formatSummary } from './summary.ts';
import { workerSettings } from './worker-settings.ts';
import { settleWithin } from '../util/settle-within.ts';
import { redisErrors } from '../redis/redis-errors.ts';

export interface RunCommandOptions {
  readonly reportFile?: string;
  readonly logger: Logger;
  readonly progress: boolean;
  /** Refuse to start if the estimated cost (USD) is higher. */
  readonly maxCost?: number;
}


/** The one-process run: producer, translate workers and reassembler. Returns the exit code. */
export async function runCommand(config: ResolvedConfig, options: RunCommandOptions): Promise<number> {
  if (config.provider.name === 'qwen-mt' && !process.env.DASHSCOPE_API_KEY) {
    throw new ConfigError('DASHSCOPE_API_KEY is not set: the qwen-mt provider needs it (or use --provider pseudo to try offline)');
  }
  const inputs = await planInputs(config);
  const redis = await redisForRun(config.redisUrl);
  await checkRedis(redis.url).catch(async (error: unknown) => {
    await redis.stop();
    throw error;
  });
  options.logger.debug({ redis: redis.description }, 'redis');
  redisErrors.logTo((event) => options.logger.warn(event, 'redis error'));
  let run: TranslationRun | undefined;
  const connect = () =>
    createConnection({ url: redis.url, giveUpMs: config.redis.reconnectTimeoutMs, onGiveUp: (message) => run?.stop(message) });
  const settings = workerSettings(config);
  // --concurrency 0: this process only produces and reassembles; `translate-locales worker` processes translate.
  const worker =
    config.concurrency === 0
      ? undefined
      : new TranslateWorker({ connection: connect(), concurrency: config.concurrency ?? (config.provider.name === 'pseudo' ? 8 : { auto: true, rpm: config.rpm }), ...settings });
  const bar = options.progress ? new SingleBar({ format: 'translating [{bar}] {value}/{total} segments | {files}', clearOnComplete: true, stream: process.stderr }) : undefined;
  let barStarted = false;
  let refused = false;
  run = new TranslationRun({
    config,
    ...inputs,
    beforeEnqueue: (batches) => {
      const estimate = estimateCost(batches, config.model, config.provider.name === 'pseudo');
      options.logger.info({ estimate }, 'estimate');
      if (options.maxCost === undefined || estimate.cost <= options.maxCost) return undefined;
      refused = true;
      return `estimated cost $${estimate.cost.toFixed(4)} is over --max-cost $${options.maxCost} (${formatEstimate(estimate)}); nothing was sent`;
    },
    connect,
    log: (message) => options.logger.info(message),
    onProgress: (p) => {
      if (!bar) return;
      if (!barStarted) {
        bar.start(p.segmentsTotal, 0, { files: '' });
        barStarted = true;
      }
      bar.setTotal(p.segmentsTotal);
      bar.update(p.segmentsDone, { files: `${p.filesDone}/${p.filesTotal} files` });
    },
  });
  const interrupt = (signal: string) => run?.stop(`interrupted by ${signal}; run the same command again to continue`);
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let report: RunReport;
  try {
    report = await run.run();
  } finally {
    bar?.stop();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    // With Redis gone, closing could wait for it forever: give each step a bound.
    await settleWithin(worker?.close(), 5_000);
    await settleWithin(worker?.connectionQuit(), 2_000);
    await settings.close();
    await redis.stop();
  }
  if (options.reportFile) await writeAtomic(path.resolve(options.reportFile), JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(formatSummary(report) + '\n');
  if (refused) return 2;
  return report.ok ? 0 : 1;
}
