import type { Job } from 'bullmq';
import type { TranslateJobData, TranslateJobResult } from '../queue/job-payloads.ts';
import type { TranslateWorkerOptions } from '../queue/worker-options.ts';

/** A translate worker serving the queue in this process (the BullMQ one lives in `workers/`). */
export interface LocalWorker {
  /** Resolves once it is connected and taking jobs. */
  waitUntilReady(): Promise<unknown>;
  on(event: 'completed', listener: (job: Job<TranslateJobData, TranslateJobResult>) => void): unknown;
  on(event: 'failed', listener: (job: Job<TranslateJobData> | undefined, error: Error) => void): unknown;
  /** Finishes the jobs in flight (or, with `force`, gives them back to the queue) and stops taking jobs. */
  close(force?: boolean): Promise<void>;
  connectionQuit(): Promise<void>;
}

/**
 * How `src/` starts translate workers in its own process, for a run (`concurrency` ≥ 1) and for
 * `translate-locales worker`, without importing `workers/`: the composition root
 * (`bin/translate-locales.ts`, or a test) passes one in.
 */
export interface LocalWorkers {
  start(options: TranslateWorkerOptions): Promise<LocalWorker>;
}
