import type { Redis } from 'ioredis';
import { defineLuaCommands } from './lua-commands.ts';

/** A lock's renew and release, kept only by its holder: shared by the project locks of runs and of the service. */
export type LockRedis = Redis & {
  tlLockRenew(key: string, holder: string, ttlMs: number): Promise<number>;
  tlLockRelease(key: string, holder: string): Promise<number>;
};

const COMMANDS = [
  { name: 'tlLockRenew', file: new URL('./lua/lock-renew.lua', import.meta.url), keys: 1 },
  { name: 'tlLockRelease', file: new URL('./lua/lock-release.lua', import.meta.url), keys: 1 },
];

export function withLockScripts(redis: Redis): LockRedis {
  defineLuaCommands(redis, COMMANDS);
  return redis as LockRedis;
}
