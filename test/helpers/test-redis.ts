import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { PrivateRedis } from '../../src/redis/private-redis.ts';

export interface TestRedis {
  readonly url: string;
  client(): Redis;
  stop(): Promise<void>;
}

/** A redis-server of this test file's own, on a unix socket: never the machine's shared one. */
export async function startTestRedis(): Promise<TestRedis> {
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

/** For a test file: its own Redis and scratch folder (`prefix` names it), made before its tests, removed after them. */
export function redisAndFolder(prefix: string): { readonly redis: TestRedis; readonly dir: string } {
  let redis: TestRedis | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    redis = await startTestRedis();
    dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  });
  afterAll(async () => {
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return {
    get redis() {
      return redis!;
    },
    get dir() {
      return dir!;
    },
  };
}
