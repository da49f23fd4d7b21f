import { Redis, type RedisOptions } from 'ioredis';
import { RedisUrl } from './redis-url.ts';
import { redisErrors } from '../redis/redis-errors.ts';

/** What may be printed of a Redis URL: scheme, host, port and db; never a user name or password. */
export function redactUrl(url: string): string {
  return RedisUrl.display(url);
}

/** An ioredis client for a `redis://`, `rediss://`, `unix:///path` or bare socket-path URL; a URL that does not parse is a ConfigError. */
export function redisAt(url: string, options: RedisOptions): Redis {
  const parsed = RedisUrl.parse(url);
  if (parsed.socketPath !== undefined) return new Redis({ ...options, path: parsed.socketPath });
  return new Redis(url, options);
}

export interface ConnectionOptions {
  /** `redis://`, `rediss://` (TLS) or `unix:///path/to.sock`. */
  readonly url: string;
  /** Called once when reconnecting has failed for longer than `giveUpMs`. */
  readonly onGiveUp?: (message: string) => void;
  readonly giveUpMs?: number;
}

/** An ioredis connection as BullMQ wants it: no per-command retry limit, reconnect with backoff. */
export function createConnection(options: ConnectionOptions): Redis {
  const state = { since: 0, everReady: false };
  const redisOptions: RedisOptions = {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    retryStrategy: (times) => {
      // Shared by the connections BullMQ duplicates from this one: the outage starts at the first failure of any.
      if (!state.since) state.since = Date.now();
      // A Redis that never answered is a setup problem: say so soon. A lost one gets a minute to come back.
      const limit = state.everReady ? (options.giveUpMs ?? 60_000) : 5_000;
      if (Date.now() - state.since > limit) {
        options.onGiveUp?.(
          state.everReady
            ? `lost the connection to Redis at ${redactUrl(options.url)} and could not get it back`
            : `cannot connect to Redis at ${redactUrl(options.url)}`,
        );
        return null;
      }
      return Math.min(2000, 100 * 2 ** Math.min(times, 5));
    },
  };
  const url = options.url;
  const redis = redisAt(url, redisOptions);
  redis.on('ready', () => {
    state.everReady = true;
    state.since = 0;
  });
  // Counted and logged; the run stops through onGiveUp once retrying has failed for too long.
  redisErrors.watch('redis connection', redis);
  return redis;
}
