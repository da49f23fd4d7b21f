import type { Redis } from 'ioredis';
import { QUEUE_PREFIX } from '../queue/queue-names.ts';

// Taken when free (or already ours); otherwise says who holds it.
const ACQUIRE = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return false
end
return holder
`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

type LockRedis = Redis & {
  tlProjectAcquire(key: string, holder: string, ttl: number): Promise<string | null>;
  tlProjectRenew(key: string, holder: string, ttl: number): Promise<number>;
  tlProjectRelease(key: string, holder: string): Promise<number>;
};

/**
 * At most one run of a project at a time, across every service replica on one Redis. The lock
 * expires unless renewed, so a replica killed with `kill -9` frees it for the one taking its run over.
 */
export class ProjectLock {
  private readonly redis: LockRedis;

  constructor(redis: Redis, private readonly ttlMs: number) {
    redis.defineCommand('tlProjectAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    redis.defineCommand('tlProjectRenew', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('tlProjectRelease', { numberOfKeys: 1, lua: RELEASE });
    this.redis = redis as LockRedis;
  }

  /**
   * Holds the project's lock for run `runId` in process `by` while `work` runs; resolves with
   * `work`'s result, or with `{ busy }` (the run holding it) without running `work`. A run taken
   * over from a dead process finds its own id there: it waits for that lock to expire.
   */
  async hold<T>(project: string, runId: string, by: string, work: () => Promise<T>): Promise<{ result: T } | { busy: string }> {
    const key = `${QUEUE_PREFIX}:service:lock:${project}`;
    const me = `${runId}@${by}`;
    const deadline = Date.now() + 2 * this.ttlMs;
    for (;;) {
      const holder = await this.redis.tlProjectAcquire(key, me, this.ttlMs);
      if (holder === null) break;
      const busy = holder.slice(0, holder.lastIndexOf('@'));
      if (busy !== runId || Date.now() > deadline) return { busy };
      await new Promise((resolve) => setTimeout(resolve, this.ttlMs / 4));
    }
    const timer = setInterval(() => void this.redis.tlProjectRenew(key, me, this.ttlMs).catch(() => {}), Math.max(250, this.ttlMs / 3));
    try {
      return { result: await work() };
    } finally {
      clearInterval(timer);
      await this.redis.tlProjectRelease(key, me).catch(() => {});
    }
  }
}
