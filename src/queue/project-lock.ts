import { createHash, randomUUID } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import os from 'node:os';
import type { Redis } from 'ioredis';
import { ProjectBusyError } from '../errors/project-busy-error.ts';
import { DEFAULT_PREFIX } from './queue-names.ts';
import { withLockScripts, type LockRedis } from '../redis/lock-scripts.ts';

export interface ProjectLockOptions {
  /** Wait for the other run to finish instead of stopping. */
  readonly wait: boolean;
  /** Told once when this run starts waiting. */
  readonly onWait?: (message: string) => void;
  /** How long the lock outlives a run that died without releasing it. */
  readonly ttlMs?: number;
}

/**
 * One run at a time per project: two would write the same targets and memory. The lock lives in
 * Redis under a hash of the project's real path (so every path that leads to the folder counts as
 * the same project) and expires on its own if its run is killed.
 */
export class ProjectLock {
  private timer?: NodeJS.Timeout;

  private constructor(
    private readonly redis: LockRedis,
    private readonly key: string,
    private readonly token: string,
    private readonly ttlMs: number,
  ) {
    this.timer = setInterval(() => void this.redis.tlLockRenew(key, token, ttlMs).catch(() => {}), Math.floor(ttlMs / 3));
    this.timer.unref();
  }

  static async key(root: string): Promise<string> {
    const real = await realpath(root);
    // Not under `redis.prefix`: runs with different prefixes still write the same files.
    return `${DEFAULT_PREFIX}:lock:${createHash('sha256').update(real).digest('hex').slice(0, 32)}`;
  }

  static async acquire(redis: Redis, root: string, options: ProjectLockOptions): Promise<ProjectLock> {
    const key = await ProjectLock.key(root);
    const ttlMs = options.ttlMs ?? 30_000;
    const token = JSON.stringify({ id: randomUUID(), pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
    let told = false;
    for (;;) {
      if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK') return new ProjectLock(withLockScripts(redis), key, token, ttlMs);
      const holder = await redis.get(key);
      // A run killed on this machine (kill -9) need not be waited for until its lock expires.
      if (holder !== null && ProjectLock.deadHere(holder)) {
        await withLockScripts(redis).tlLockRelease(key, holder);
        continue;
      }
      const message = `another translate-locales run is working on ${root} (${ProjectLock.describe(holder)})`;
      if (!options.wait) throw new ProjectBusyError(`${message}; nothing was done: run again when it has finished, or pass --wait`);
      if (!told) options.onWait?.(`${message}; waiting for it to finish`);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  private static deadHere(holder: string): boolean {
    const h = ProjectLock.parse(holder);
    if (h?.host !== os.hostname() || typeof h.pid !== 'number') return false;
    try {
      process.kill(h.pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }

  private static parse(holder: string | null): { pid?: unknown; host?: unknown; since?: unknown } | undefined {
    try {
      return JSON.parse(holder ?? '') as { pid?: unknown; host?: unknown; since?: unknown };
    } catch {
      return undefined;
    }
  }

  private static describe(holder: string | null): string {
    const h = ProjectLock.parse(holder);
    return h ? `process ${String(h.pid)} on ${String(h.host)}, since ${String(h.since)}` : 'it has just finished';
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.tlLockRelease(this.key, this.token).catch(() => {});
  }
}
