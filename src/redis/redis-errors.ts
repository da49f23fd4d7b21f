import { redactUrl } from '../queue/redis-connection.ts';

export interface RedisErrorEvent {
  /** Which connection, queue, worker or event stream emitted it. */
  readonly source: string;
  readonly message: string;
  readonly code?: string;
}

interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Every `error` event of this process's Redis connections and BullMQ queues, workers and event
 * streams: each is counted and handed to the log (none dropped). Retrying is ioredis' job; a
 * Redis that does not come back stops the run through the connection's give-up timer.
 */
export class RedisErrors {
  private total = 0;
  private sink?: (event: RedisErrorEvent) => void;

  get count(): number {
    return this.total;
  }

  /** Where events go from now on (the CLI's logger). */
  logTo(sink: ((event: RedisErrorEvent) => void) | undefined): void {
    this.sink = sink;
  }

  record(source: string, error: unknown): void {
    this.total++;
    const err = error as { message?: string; code?: string } | undefined;
    // Only the Redis URLs inside the message are redacted; the rest of it is kept as said.
    const message = (err?.message ?? String(error)).replace(/\b(?:rediss?|unix):\/\/[^\s'"]+/gi, (url) => redactUrl(url));
    this.sink?.({ source, message, ...(err?.code ? { code: err.code } : {}) });
  }

  /** Listens to `emitter`'s error events under the name `source`. */
  watch<T extends ErrorEmitter>(source: string, emitter: T): T {
    emitter.on('error', (error) => this.record(source, error));
    return emitter;
  }
}

/** The process's one tally: connections and queues are made in many places, the log is one. */
export const redisErrors = new RedisErrors();
