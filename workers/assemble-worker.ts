import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { assembleFile, type AssembleOptions } from '../jobs/assemble-file.ts';
import type { PairState } from '../src/pipeline/plan-run.ts';
import type { AssembleJobData } from '../src/queue/job-payloads.ts';
import { redisErrors } from '../src/redis/redis-errors.ts';
import { assembleQueue } from '../src/queue/queue-names.ts';

export interface AssembleWorkerOptions extends AssembleOptions {
  readonly connection: Redis;
  readonly runId: string;
  readonly prefix: string;
  readonly pairs: readonly PairState[];
  readonly onDone: (state: PairState, error?: Error) => void;
}

/** Serves one run's reassembly queue; lives in the process that owns the run's files. */
export class AssembleWorker {
  readonly worker: Worker<AssembleJobData>;

  constructor(options: AssembleWorkerOptions) {
    this.worker = new Worker<AssembleJobData>(
      assembleQueue(options.runId),
      async (job) => {
        const state = options.pairs[job.data.pair];
        try {
          await assembleFile(state, options);
          options.onDone(state);
        } catch (error) {
          state.status = 'failed';
          state.errors.push(`${state.pair.target}: not written: ${(error as Error).message}`);
          options.onDone(state, error as Error);
        }
      },
      { connection: options.connection, prefix: options.prefix, concurrency: 4, removeOnComplete: { count: 0 }, removeOnFail: { count: 0 } },
    );
    redisErrors.watch('assemble worker', this.worker);
  }

  async close(): Promise<void> {
    // BullMQ closing a worker whose blocking connection is still starting up emits an error no listener can catch.
    await this.worker.waitUntilReady().catch(() => {});
    await this.worker.close();
  }
}
