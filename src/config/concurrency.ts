/** Requests in flight in one process: a fixed number, or `auto` to follow the allowed rate × observed latency. */
export type Concurrency = number | { readonly auto: true; readonly rpm: number };

/** What the rule reads: `concurrency` (config or `--concurrency`), the provider and the resolved RPM. */
export interface ConcurrencyInputs {
  readonly concurrency?: number;
  readonly provider: { readonly name: string };
  readonly rpm: number;
}

/** The most requests in flight one process may be told to keep: the config and `--concurrency` alike. */
export const MAX_CONCURRENCY = 512;

/** The pseudo provider has no limit to follow and answers at once: a fixed number is enough. */
const PSEUDO_CONCURRENCY = 8;

/**
 * The translate concurrency of a process, one rule for `run` and `worker`. 0 means "this process
 * translates nothing": a run is then only a producer (undefined: no local translate worker), while
 * a worker, whose only work is translating, reading the producer's config takes the default.
 */
export function translateConcurrency(input: ConcurrencyInputs, role: 'worker'): Concurrency;
export function translateConcurrency(input: ConcurrencyInputs, role: 'run'): Concurrency | undefined;
export function translateConcurrency(input: ConcurrencyInputs, role: 'run' | 'worker'): Concurrency | undefined {
  if (input.concurrency === 0 && role === 'run') return undefined;
  if (input.concurrency) return input.concurrency;
  return input.provider.name === 'pseudo' ? PSEUDO_CONCURRENCY : { auto: true, rpm: input.rpm };
}
