/** The range `auto` concurrency moves in: where it starts, and a ceiling for a very slow or very fast model. */
export interface ConcurrencyBounds {
  readonly min: number;
  readonly max: number;
}

/**
 * Requests in flight that let a process reach `rpm` when each takes `latencyMs` (rate × latency):
 * twice the bare need, as a job also holds its slot while it waits for the limiter, plus two.
 */
export function autoConcurrency(rpm: number, latencyMs: number, bounds: ConcurrencyBounds): number {
  const wanted = Math.ceil((rpm / 60) * (latencyMs / 1000) * 2) + 2;
  return Math.max(bounds.min, Math.min(bounds.max, wanted));
}

/** The latency `auto` follows: each reply moves it a fifth of the way, so one slow reply does not swing it. */
export function smoothLatency(previousMs: number, ms: number): number {
  return previousMs ? previousMs * 0.8 + ms * 0.2 : ms;
}
