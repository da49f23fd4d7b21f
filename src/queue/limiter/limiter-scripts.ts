import type { Redis } from 'ioredis';
import { defineLuaCommands } from '../../redis/lua-commands.ts';

/** The limiter's commands as ioredis defines them from the .lua files beside this one. */
export type LimiterRedis = Redis & {
  tlReserve(k1: string, k2: string, k3: string, rps: number, tps: number, tokens: number, id: string, guardMs: number): Promise<[string, string]>;
  tlPause(k1: string, pauseMs: number, floor: number, cut: number): Promise<string>;
  tlConfirm(k1: string, k2: string, k3: string, id: string, maxRequests: number, tps: number, guardMs: number): Promise<number>;
  tlRecover(k1: string, k2: string, step: number, id: string, tokens: number): Promise<number>;
};

const COMMANDS = [
  { name: 'tlReserve', file: new URL('./reserve.lua', import.meta.url), keys: 3 },
  { name: 'tlPause', file: new URL('./pause.lua', import.meta.url), keys: 1 },
  { name: 'tlRecover', file: new URL('./recover.lua', import.meta.url), keys: 2 },
  { name: 'tlConfirm', file: new URL('./confirm.lua', import.meta.url), keys: 3 },
];

/** The connection with the limiter's commands defined (once per connection: limiters of several scopes share a worker's). */
export function withLimiterScripts(redis: Redis): LimiterRedis {
  defineLuaCommands(redis, COMMANDS);
  return redis as LimiterRedis;
}
