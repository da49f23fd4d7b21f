import type { Logger } from 'pino';
import type { ResolvedConfig } from '../config/load-config.ts';
import { ConfigError } from '../errors/config-error.ts';
import { translateConcurrency } from '../config/concurrency.ts';
import { checkRedis } from '../queue/check-redis.ts';
import { decodeJobFailure } from '../queue/job-failure.ts';
import { createConnection, redactUrl } from '../queue/redis-connection.ts';
import { workerSettings } from '../run/worker-settings.ts';
import { redisErrors } from '../redis/redis-errors.ts';
import type { LocalWorkers } from '../run/local-workers.ts';
import type { CliIo } from './cli-io.ts';

/** `translate-locales worker`: serves translate jobs of any run on this Redis until stopped. */
export async function workerCommand(config: ResolvedConfig, logger: Logger, io: Pick<CliIo, 'stderr' | 'env'>, workers: LocalWorkers): Promise<number> {
  // A worker serves a Redis the runs share, so it must be told which: guessing would serve a stranger's.
  const url = config.redisUrl;
  if (!url) throw new ConfigError('a worker needs the Redis its runs use: set REDIS_URL, --redis or redis.url');
  await checkRedis(url);
  let giveUp: ((message: string) => void) | undefined;
  let onSignal: (signal: string) => void = () => {};
  const stopped = new Promise<number>((resolve) => {
    giveUp = (message) => {
      io.stderr.write(`error: ${message}\n`);
      resolve(1);
    };
    onSignal = (signal) => {
      io.stderr.write(`${signal}: finishing jobs in flight…\n`);
      resolve(0);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  redisErrors.logTo((event) => logger.warn(event, 'redis error'));
  const settings = workerSettings(config, io.env);
  const concurrency = translateConcurrency(config, 'worker');
  const worker = await workers.start({ connection: createConnection({ url, giveUpMs: config.redis.reconnectTimeoutMs, onGiveUp: (m) => giveUp?.(m) }), concurrency, ...settings });
  const ready = await Promise.race([worker.waitUntilReady().then(() => true), stopped.then(() => false)]);
  if (ready) io.stderr.write(`translate-locales worker: serving ${redactUrl(url)} (prefix ${config.redis.prefix}) with concurrency ${typeof concurrency === 'number' ? concurrency : 'auto'}\n`);
  worker.on('completed', (job) => logger.debug({ job: job.id, segments: job.data.segments.length }, 'translated'));
  worker.on('failed', (job, error) => logger.warn({ job: job?.id, error: decodeJobFailure(error.message) }, 'job failed'));
  const code = await stopped;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // Without Redis there is nothing to hand back; closing would only wait for a connection.
  if (!ready) return code;
  await worker.close();
  await worker.connectionQuit();
  await settings.close();
  return code;
}
