/**
 * How the pipeline must react to a failed request:
 * - `throttled`: the account's rate was exceeded; every worker slows down, then retries.
 * - `transient`: 5xx, timeout, reset, garbled reply; retry with backoff.
 * - `content`: this text cannot be translated as sent (moderation, too long); split or report the segment.
 * - `fatal`: no request can succeed (key, region, model, billing, quota); stop the run.
 */
export type ErrorKind = 'throttled' | 'transient' | 'content' | 'fatal';

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
    /** The service's Retry-After (429, 503), in ms: every worker waits that long before the next request. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
