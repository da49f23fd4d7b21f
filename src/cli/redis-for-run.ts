import { redactUrl } from '../queue/redis-connection.ts';
import { canConnect, PrivateRedis } from '../redis/private-redis.ts';

export interface RunRedis {
  readonly url: string;
  readonly description: string;
  stop(): Promise<void>;
}

/** The Redis a one-process run uses: REDIS_URL/--redis, else 127.0.0.1:6379 if it answers, else a private one. */
export async function redisForRun(url: string | undefined): Promise<RunRedis> {
  if (url) return { url, description: redactUrl(url), stop: async () => {} };
  if (await canConnect({ host: '127.0.0.1', port: 6379 })) {
    return { url: 'redis://127.0.0.1:6379', description: 'redis://127.0.0.1:6379', stop: async () => {} };
  }
  const own = await PrivateRedis.start();
  return { url: own.url, description: `a private redis-server (${own.url})`, stop: () => own.stop() };
}
