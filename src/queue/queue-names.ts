import { contentHash } from '../segments/hash.ts';

/** Every queue translate-locales uses, declared once. */

/**
 * Default first part of every Redis key (`redis.prefix`): runs sharing a Redis with different
 * prefixes never see each other's jobs, results or rate limiter.
 */
export const DEFAULT_PREFIX = 'translate-locales';

/** What a `redis.prefix` may be: one key part, no `:` (it would read as a queue name), nothing to escape. */
export const PREFIX_PATTERN = /^[A-Za-z0-9{}._-]{1,64}$/;

/** Translation requests, served by any worker on any machine with the same prefix. */
export const TRANSLATE_QUEUE = 'translate';

/** Names one account (its endpoint) and model: the workers' limiter and the service's metrics must agree on it. */
export function limiterScope(baseUrl: string, model: string): string {
  return contentHash(baseUrl, model);
}

/** Redis key of the shared rate limiter of one account and model. */
export function limiterKey(prefix: string, scope: string): string {
  return `${prefix}:limiter:${scope}`;
}

/** Runs of the scheduled service (`translate-locales serve`): one job per tick or trigger. */
export const RUNS_QUEUE = 'runs';
