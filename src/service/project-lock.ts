import type { Redis } from 'ioredis';
import { DEFAULT_PREFIX } from '../queue/queue-names.ts';
import { withLockScripts, type LockRedis } from '../redis/lock-scripts.ts';
import { defineLuaCommands } from '../redis/lua-commands.ts';

type ServiceLockRedis = LockRedis & {
  tlProjectAcquire(key: string, holder: string, ttl: number): Promise<string | null>;
  tlProjectTake(key: string, from: string, to: string, ttl: number): Promise<number>;
};

const COMMANDS = [
  { name: 'tlProjectAcquire', file: new URL('./lua/lock-acquire.lua', import.meta.url), keys: 1 },
  { name: 'tlProjectTake', file: new URL('./lua/lock-take.lua', import.meta.url), keys: 1 },
];

/**
 * At most one run of a project at a time, across every service replica on one Redis. The holder
 * renews the lock often; a replica killed with `kill -9` stops renewing, and the replica that BullMQ
 * hands its run to takes the lock over as soon as it sees two renewals missed.
 */
export class ProjectLock {
  private readonly redis: ServiceLockRedis;
  /**
   * @param ttlMs how long the lock of a dead holder blocks new runs; longer than BullMQ takes to
   *   find its job stalled, so that the run is taken over before any new tick can start one.
   * @param renewMs how often the holder renews it; one that misses two renewals is dead.
   */
  constructor(redis: Redis, private readonly ttlMs: number, private readonly renewMs: number) {
    defineLuaCommands(redis, COMMANDS);
    this.redis = withLockScripts(redis) as ServiceLockRedis;
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
    const timer = setInterval(() => void this.redis.tlLockRenew(key, me, this.ttlMs).catch(() => {}), this.renewMs);
    try {
      return { result: await work() };
    } finally {
      clearInterval(timer);
      await this.redis.tlLockRelease(key, me).catch(() => {});
    }
  }
}
