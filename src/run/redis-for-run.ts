import { redactUrl } from '../queue/redis-connection.ts';
import { PrivateRedis } from '../redis/private-redis.ts';

export interface RunRedis {
  readonly url: string;
  readonly description: string;
  stop(): Promise<void>;
}

/**
 * The Redis a one-process run uses: REDIS_URL/--redis/redis.url, else a private redis-server of its
 * own. Never whatever happens to answer on 127.0.0.1:6379: another project's workers would serve
 * this run's jobs (with their key) and this run would adopt theirs.
 */
export async function redisForRun(url: string | undefined): Promise<RunRedis> {
  if (url) return { url, description: redactUrl(url), stop: async () => {} };
  const own = await PrivateRedis.start();
  return { url: own.url, description: `a private redis-server (${own.url})`, stop: () => own.stop() };
}
