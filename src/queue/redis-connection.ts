import { Redis, type RedisOptions } from 'ioredis';

/** Hides the password of a Redis URL wherever it is printed. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):([^@/]*)@/, (_, user: string) => `//${user}${user ? ':' : ''}***@`).replace(/\/\/:([^@/]*)@/, '//:***@');
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
  const started = { at: 0 };
  const redisOptions: RedisOptions = {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    retryStrategy: (times) => {
      if (times === 1) started.at = Date.now();
      if (Date.now() - started.at > (options.giveUpMs ?? 60_000)) {
        options.onGiveUp?.(`lost the connection to Redis at ${redactUrl(options.url)} and could not get it back`);
        return null;
      }
      return Math.min(2000, 100 * 2 ** Math.min(times, 5));
    },
  };
  const url = options.url;
  if (url.startsWith('unix://')) return new Redis({ ...redisOptions, path: url.slice('unix://'.length) });
  if (url.startsWith('/')) return new Redis({ ...redisOptions, path: url });
  return new Redis(url, redisOptions);
}
