import { Redis } from 'ioredis';
import { PrivateRedis } from '../../src/redis/private-redis.ts';

/** A redis-server of this test file's own, on a unix socket: never the machine's shared one. */
export async function startTestRedis(): Promise<{ url: string; client: () => Redis; stop: () => Promise<void> }> {
  const server = await PrivateRedis.start();
  const clients: Redis[] = [];
  return {
    url: server.url,
    client: () => {
      const c = new Redis({ path: server.url.slice('unix://'.length), maxRetriesPerRequest: null });
      clients.push(c);
      return c;
    },
    stop: async () => {
      await Promise.allSettled(clients.map((c) => c.quit()));
      await server.stop();
    },
  };
}
