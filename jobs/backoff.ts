import type { RetryOptions } from '../src/queue/worker-options.ts';

export type { RetryOptions };

/** Exponential backoff with full jitter: a random wait up to base·2^attempt, capped. */
export function backoffDelay(attempt: number, options: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}
