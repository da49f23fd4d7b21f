/** Every queue translate-locales uses, declared once. */
export const QUEUE_PREFIX = 'translate-locales';

/** Translation requests, served by any worker on any machine. */
export const TRANSLATE_QUEUE = 'translate';

/** Reassembly of one (file, locale), served only by the process that started the run. */
export function assembleQueue(runId: string): string {
  return `assemble-${runId}`;
}

/** Redis key of the shared rate limiter of one account and model. */
export function limiterKey(scope: string): string {
  return `${QUEUE_PREFIX}:limiter:${scope}`;
}

/** Runs of the scheduled service (`translate-locales serve`): one job per tick or trigger. */
export const RUNS_QUEUE = 'runs';
