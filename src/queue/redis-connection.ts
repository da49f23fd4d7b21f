import { Redis, type RedisOptions } from 'ioredis';

/** Hides the password of a Redis URL wherever it is printed. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):([^@/]*)@/, (_, user: string) => `//${user}${user ? ':' : ''}***@`).replace(/\/\/:([^@/]*)@/, '//:***@');
}

const TLS_HINT = 'for a certificate from a private CA, set NODE_EXTRA_CA_CERTS to the CA file';

/** A clear message for an error that means Redis cannot be reached (network, TLS), or undefined for any other error. */
export function connectionProblem(error: unknown, url: string): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  const message = (error as Error).message;
  if (/CERT|SELF_SIGNED|TLS|SSL|UNABLE_TO_VERIFY|HOSTNAME/.test(code)) return `cannot connect to Redis at ${redactUrl(url)}: ${message} (${TLS_HINT})`;
  if (/^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOENT|EACCES)$/.test(code)) return `cannot connect to Redis at ${redactUrl(url)}: ${message}`;
  return undefined;
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
  const redis = url.startsWith('unix://') ? new Redis({ ...redisOptions, path: url.slice('unix://'.length) }) : url.startsWith('/') ? new Redis({ ...redisOptions, path: url }) : new Redis(url, redisOptions);
  redis.on('ready', () => {
    state.everReady = true;
    state.since = 0;
  });
  redis.on('error', () => {
    // reported through onGiveUp once retrying stops
  });
  return redis;
}
