import type { LocalWorkers } from '../../src/run/local-workers.ts';
import { TranslateWorker } from '../../workers/translate-worker.ts';

/** What `bin/translate-locales.ts` gives the CLI: the BullMQ translate worker, for tests that start a `Run` themselves. */
export const localWorkers: LocalWorkers = {
  async start(options) {
    return new TranslateWorker(options);
  },
};
