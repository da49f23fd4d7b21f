import type { Redis } from 'ioredis';
import { DEFAULT_PREFIX as QUEUE_PREFIX } from '../queue/queue-names.ts';

// Taken when free (or already ours); otherwise says who holds it.
const ACQUIRE = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return false
end
return holder
`;
// Taken from a given holder only (compare and set).
const TAKE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

type LockRedis = Redis & {
  tlProjectAcquire(key: string, holder: string, ttl: number): Promise<string | null>;
  tlProjectTake(key: string, from: string, to: string, ttl: number): Promise<number>;
  tlProjectRenew(key: string, holder: string, ttl: number): Promise<number>;
  tlProjectRelease(key: string, holder: string): Promise<number>;
};

/**
 * At most one run of a project at a time, across every service replica on one Redis. The holder
 * renews the lock every third of its time to live; a replica killed with `kill -9` stops renewing,
 * and the replica that BullMQ hands its run to takes the lock over as soon as it sees that.
 */
export class ProjectLock {
  private readonly redis: LockRedis;
  private readonly renewMs: number;

  constructor(redis: Redis, private readonly ttlMs: number) {
    redis.defineCommand('tlProjectAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    redis.defineCommand('tlProjectTake', { numberOfKeys: 1, lua: TAKE });
    redis.defineCommand('tlProjectRenew', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('tlProjectRelease', { numberOfKeys: 1, lua: RELEASE });
    this.redis = redis as LockRedis;
    this.renewMs = Math.max(250, ttlMs / 3);
  }

  /**
   * Holds the project's lock for run `runId` in process `by` while `work` runs; resolves with
   * `work`'s result, or with `{ busy }` (the run holding it) without running `work`.
   */
  async hold<T>(project: string, runId: string, by: string, work: () => Promise<T>): Promise<{ result: T } | { busy: string }> {
    const key = `${QUEUE_PREFIX}:service:lock:${project}`;
    const me = `${runId}@${by}`;
    const holder = await this.redis.tlProjectAcquire(key, me, this.ttlMs);
    if (holder !== null) {
      const busy = holder.slice(0, holder.lastIndexOf('@'));
      // Our own run, handed to us after its process stopped renewing: take it, unless it renews.
      if (busy !== runId || !(await this.takeFromDead(key, holder, me))) return { busy };
    }
    const timer = setInterval(() => void this.redis.tlProjectRenew(key, me, this.ttlMs).catch(() => {}), this.renewMs);
    try {
      return { result: await work() };
    } finally {
      clearInterval(timer);
      await this.redis.tlProjectRelease(key, me).catch(() => {});
    }
  }

  /** Watches the holder for longer than its renewal period: a lock that was not renewed is taken. */
  private async takeFromDead(key: string, holder: string, me: string): Promise<boolean> {
    const before = await this.redis.pttl(key);
    await new Promise((resolve) => setTimeout(resolve, this.renewMs + 1_000));
    const after = await this.redis.pttl(key);
    if (after > before) return false;
    return (await this.redis.tlProjectTake(key, holder, me, this.ttlMs)) === 1 || (await this.redis.tlProjectAcquire(key, me, this.ttlMs)) === null;
  }
}
