import type { Redis } from 'ioredis';
import { DEFAULT_PREFIX } from '../queue/queue-names.ts';

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
 * renews the lock often; a replica killed with `kill -9` stops renewing, and the replica that BullMQ
 * hands its run to takes the lock over as soon as it sees two renewals missed.
 */
export class ProjectLock {
  private readonly redis: LockRedis;
  /**
   * @param ttlMs how long the lock of a dead holder blocks new runs; longer than BullMQ takes to
   *   find its job stalled, so that the run is taken over before any new tick can start one.
   * @param renewMs how often the holder renews it; one that misses two renewals is dead.
   */
  constructor(redis: Redis, private readonly ttlMs: number, private readonly renewMs: number) {
    redis.defineCommand('tlProjectAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    redis.defineCommand('tlProjectTake', { numberOfKeys: 1, lua: TAKE });
    redis.defineCommand('tlProjectRenew', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('tlProjectRelease', { numberOfKeys: 1, lua: RELEASE });
    this.redis = redis as LockRedis;
  }

  /**
   * Holds the project's lock for run `runId` in process `by` while `work` runs; resolves with
   * `work`'s result, or with `{ busy }` (the run holding it) without running `work`.
   */
  async hold<T>(project: string, runId: string, by: string, work: () => Promise<T>): Promise<{ result: T } | { busy: string }> {
    const key = `${DEFAULT_PREFIX}:service:lock:${project}`;
    const me = `${runId}@${by}`;
    const deadline = Date.now() + this.ttlMs;
    for (let holder = await this.redis.tlProjectAcquire(key, me, this.ttlMs); holder !== null; holder = await this.redis.tlProjectAcquire(key, me, this.ttlMs)) {
      const busy = holder.slice(0, holder.lastIndexOf('@'));
      if (busy !== runId) return { busy };
      // Our own run, handed to us after its process died: a holder that missed a renewal is gone.
      const left = await this.redis.pttl(key);
      if (left >= 0 && left < this.ttlMs - 3 * this.renewMs && (await this.redis.tlProjectTake(key, holder, me, this.ttlMs)) === 1) break;
      // Renewed for a whole time to live: that process is alive and finishes the run itself.
      if (Date.now() > deadline) return { busy };
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const timer = setInterval(() => void this.redis.tlProjectRenew(key, me, this.ttlMs).catch(() => {}), this.renewMs);
    try {
      return { result: await work() };
    } finally {
      clearInterval(timer);
      await this.redis.tlProjectRelease(key, me).catch(() => {});
    }
  }
}
