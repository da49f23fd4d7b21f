import type { Redis } from 'ioredis';
import { DEFAULT_PREFIX, limiterKey } from './queue-names.ts';

// Reserves a start time for one request against the account's per-second limits, for every
// worker on every machine at once. Requests are spaced evenly (1 s ÷ RPS apart: no bursts), and
// a sliding one-second window of reserved tokens keeps any second under TPS. Redis' clock is the
// only clock, so machines with skewed clocks still agree. Returns how long the caller must wait.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state, window, sizes = KEYS[1], KEYS[2], KEYS[3]
local factor = tonumber(redis.call('HGET', state, 'factor') or '1')
local rps = tonumber(ARGV[1]) * factor
local tps = tonumber(ARGV[2]) * factor
local tok = tonumber(ARGV[3])
local id = ARGV[4]
local last = tonumber(redis.call('HGET', state, 'last') or '0')
local penalty = tonumber(redis.call('HGET', state, 'penalty') or '0')
local start = math.max(now, penalty, last)
if rps > 0 and last > 0 then start = math.max(start, last + 1000 / rps) end
local old = redis.call('ZRANGEBYSCORE', window, '-inf', now - 2000)
if #old > 0 then
  redis.call('ZREMRANGEBYSCORE', window, '-inf', now - 2000)
  redis.call('HDEL', sizes, unpack(old))
end
if tps > 0 then
  local entries = redis.call('ZRANGEBYSCORE', window, '(' .. (start - 1000), '+inf', 'WITHSCORES')
  local n = #entries / 2
  local amounts = {}
  local sum = 0
  if n > 0 then
    local ids = {}
    for i = 1, n do ids[i] = entries[2 * i - 1] end
    local vals = redis.call('HMGET', sizes, unpack(ids))
    for i = 1, n do amounts[i] = tonumber(vals[i] or '0') sum = sum + amounts[i] end
  end
  local i = 1
  while sum > 0 and sum + tok > tps and i <= n do
    start = math.max(start, tonumber(entries[2 * i]) + 1000 + tonumber(ARGV[5]))
    sum = sum - amounts[i]
    i = i + 1
  end
end
redis.call('ZADD', window, start, id)
redis.call('HSET', sizes, id, tok)
redis.call('HSET', state, 'last', start)
redis.call('PEXPIRE', state, 120000)
redis.call('PEXPIRE', window, 120000)
redis.call('PEXPIRE', sizes, 120000)
return {tostring(start), tostring(now)}
`;

// A 429 slows every worker: the shared rate drops to 80 % and nothing starts for a pause.
const PENALISE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local factor = tonumber(redis.call('HGET', KEYS[1], 'factor') or '1')
factor = math.max(tonumber(ARGV[2]), factor * 0.8)
local penalty = math.max(tonumber(redis.call('HGET', KEYS[1], 'penalty') or '0'), now + tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'factor', tostring(factor), 'penalty', penalty)
redis.call('PEXPIRE', KEYS[1], 120000)
return tostring(factor)
`;

// Each success wins back some of the rate a 429 took.
const RECOVER = `
local factor = tonumber(redis.call('HGET', KEYS[1], 'factor') or '1')
if factor < 1 then redis.call('HSET', KEYS[1], 'factor', tostring(math.min(1, factor + tonumber(ARGV[1])))) end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then redis.call('HSET', KEYS[2], ARGV[2], ARGV[3]) end
return 1
`;

/** A request may start this long after an earlier one leaves the one-second window: clocks and networks jitter. */
const GUARD_MS = 15;

export interface RateLimiterOptions {
  /** Who shares the limit: one account and model. Never the API key itself. */
  readonly scope: string;
  /** The run's `redis.prefix` (default `translate-locales`): limiters of different prefixes are separate. */
  readonly prefix?: string;
  readonly rpm: number;
  readonly tpm: number;
  /** Share of RPM to aim at: request counts are exact, so only clock jitter needs room. */
  readonly requestTarget?: number;
  /** Share of TPM to aim at: token counts are estimates until the reply, so more room. */
  readonly tokenTarget?: number;
}

export interface Reservation {
  readonly id: string;
  readonly waitMs: number;
  /** When the request may start, on Redis' clock (ms): what every worker plans by. */
  readonly startsAt: number;
}

type LimiterRedis = Redis & {
  tlReserve(k1: string, k2: string, k3: string, rps: number, tps: number, tokens: number, id: string, guardMs: number): Promise<[string, string]>;
  tlPenalise(k1: string, pauseMs: number, floor: number): Promise<string>;
  tlRecover(k1: string, k2: string, step: number, id: string, tokens: number): Promise<number>;
};

/** Paces requests of all workers sharing one Redis to the account's RPM and TPM, smoothly per second. */
export class RateLimiter {
  private readonly redis: LimiterRedis;
  private readonly keys: [string, string, string];
  private seq = 0;
  private readonly rps: number;
  private readonly tps: number;

  constructor(redis: Redis, private readonly options: RateLimiterOptions) {
    this.rps = (options.rpm / 60) * (options.requestTarget ?? 0.97);
    this.tps = (options.tpm / 60) * (options.tokenTarget ?? 0.97);
    const base = limiterKey(options.prefix ?? DEFAULT_PREFIX, options.scope);
    this.keys = [base, `${base}:window`, `${base}:sizes`];
    redis.defineCommand('tlReserve', { numberOfKeys: 3, lua: RESERVE });
    redis.defineCommand('tlPenalise', { numberOfKeys: 1, lua: PENALISE });
    redis.defineCommand('tlRecover', { numberOfKeys: 2, lua: RECOVER });
    this.redis = redis as LimiterRedis;
  }

  /** Reserves a slot for a request of `tokens` (input + output, estimated); resolves when it may start. */
  async acquire(tokens: number, signal?: AbortSignal): Promise<Reservation> {
    const id = `${process.pid}-${Date.now().toString(36)}-${(this.seq++).toString(36)}`;
    const [start, now] = (await this.redis.tlReserve(...this.keys, this.rps, this.tps, Math.max(1, Math.round(tokens)), id, GUARD_MS)).map(Number);
    const waitMs = start - now;
    if (waitMs > 0) await sleep(Math.ceil(waitMs), signal);
    return { id, waitMs, startsAt: start };
  }

  /** After the reply: counts the real tokens and recovers some rate. */
  async settle(reservation: Reservation, actualTokens: number): Promise<void> {
    await this.redis.tlRecover(this.keys[0], this.keys[2], 0.04, reservation.id, Math.round(actualTokens));
  }

  /** After a 429: everyone pauses and slows down. Returns the new share of the limit. */
  async penalise(pauseMs: number): Promise<number> {
    return Number(await this.redis.tlPenalise(this.keys[0], pauseMs, 0.2));
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
