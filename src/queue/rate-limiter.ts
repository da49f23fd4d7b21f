import type { Redis } from 'ioredis';
import { withLimiterScripts, type LimiterRedis } from './limiter/limiter-scripts.ts';
import { DEFAULT_PREFIX, limiterKey } from './queue-names.ts';

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

/** Paces requests of all workers sharing one Redis to the account's RPM and TPM, smoothly per second. */
export class RateLimiter {
  private readonly redis: LimiterRedis;
  private readonly keys: [string, string, string];
  private seq = 0;
  private readonly rps: number;
  private readonly tps: number;
  /** What the service takes in any one second (requests, tokens): the check a late start must pass. */
  private readonly maxRequests: number;
  private readonly maxTokens: number;

  constructor(redis: Redis, private readonly options: RateLimiterOptions) {
    this.rps = (options.rpm / 60) * (options.requestTarget ?? 0.97);
    this.tps = (options.tpm / 60) * (options.tokenTarget ?? 0.97);
    this.maxRequests = Math.max(1, Math.floor(options.rpm / 60));
    this.maxTokens = options.tpm / 60;
    const base = limiterKey(options.prefix ?? DEFAULT_PREFIX, options.scope);
    this.keys = [base, `${base}:window`, `${base}:sizes`];
    this.redis = withLimiterScripts(redis);
  }

  /** Reserves a slot for a request of `tokens` (input + output, estimated); resolves when it may start. */
  async acquire(tokens: number, signal?: AbortSignal): Promise<Reservation> {
    for (let waited = 0; ; ) {
      const id = `${process.pid}-${Date.now().toString(36)}-${(this.seq++).toString(36)}`;
      const [start, now] = (await this.redis.tlReserve(...this.keys, this.rps, this.tps, Math.max(1, Math.round(tokens)), id, GUARD_MS)).map(Number);
      const waitMs = start - now;
      if (waitMs <= 0) return { id, waitMs: waited, startsAt: start };
      await sleep(Math.ceil(waitMs), signal);
      waited += waitMs;
      // The timer may have fired late, or a 429 or Retry-After paused everyone meanwhile: the request
      // goes now only if it still fits the service's limits beside the others; otherwise it takes a new slot.
      if (await this.redis.tlConfirm(...this.keys, id, this.maxRequests, this.maxTokens, GUARD_MS)) return { id, waitMs: waited, startsAt: start };
    }
  }

  /** The planned gap between two starts (ms): a short pause after a lone 429 costs one of these. */
  get spacingMs(): number {
    return Math.ceil(1000 / this.rps);
  }

  /** After the reply: counts the real tokens and recovers some rate. */
  async settle(reservation: Reservation, actualTokens: number): Promise<void> {
    await this.redis.tlRecover(this.keys[0], this.keys[2], 0.04, reservation.id, Math.round(actualTokens));
  }

  /** After a 429: everyone pauses `pauseMs` (the service's Retry-After, if it sent one) and slows down. Returns the new share of the limit. */
  async penalise(pauseMs: number): Promise<number> {
    return Number(await this.redis.tlPause(this.keys[0], pauseMs, 0.2, 0.8));
  }

  /** The service asked for a pause (Retry-After on a 503): no worker starts a request before it ends; the rate stays. */
  async pause(pauseMs: number): Promise<void> {
    await this.redis.tlPause(this.keys[0], pauseMs, 0.2, 1);
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
