import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

/** The limiter's commands as ioredis defines them from the .lua files beside this one. */
export type LimiterRedis = Redis & {
  tlReserve(k1: string, k2: string, k3: string, rps: number, tps: number, tokens: number, id: string, guardMs: number): Promise<[string, string]>;
  tlPause(k1: string, pauseMs: number, floor: number, cut: number): Promise<string>;
  tlPauseLeft(k1: string): Promise<number>;
  tlRecover(k1: string, k2: string, step: number, id: string, tokens: number): Promise<number>;
};

const COMMANDS = [
  { name: 'tlReserve', file: 'reserve', keys: 3 },
  { name: 'tlPause', file: 'pause', keys: 1 },
  { name: 'tlRecover', file: 'recover', keys: 2 },
  { name: 'tlPauseLeft', file: 'pause-left', keys: 1 },
] as const;

type CommandName = (typeof COMMANDS)[number]['name'];
let sources: Readonly<Record<CommandName, string>> | undefined;

/** The scripts' text, read from disk once per process, on first use. */
function scriptSources(): Readonly<Record<CommandName, string>> {
  sources ??= Object.fromEntries(COMMANDS.map((c) => [c.name, readFileSync(new URL(`./${c.file}.lua`, import.meta.url), 'utf8')])) as Record<CommandName, string>;
  return sources;
}

/**
 * Defines the limiter's commands on a connection once, as BullMQ does for its own: limiters of
 * several scopes share a worker's connection. ioredis then sends each script once per connection
 * and calls it by hash.
 */
export function withLimiterScripts(redis: Redis): LimiterRedis {
  for (const c of COMMANDS) {
    if (!(c.name in redis)) redis.defineCommand(c.name, { numberOfKeys: c.keys, lua: scriptSources()[c.name] });
  }
  return redis as LimiterRedis;
}
