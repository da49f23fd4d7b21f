import { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Batch } from '../pipeline/pack-batches.ts';
import { forgetFailures } from '../queue/forget-failures.ts';
import { PAYLOAD_VERSION, type TranslateJobData, type TranslateJobResult } from '../queue/job-payloads.ts';
import { missingJobs } from '../queue/missing-jobs.ts';
import { TRANSLATE_QUEUE } from '../queue/queue-names.ts';
import { redisErrors } from '../redis/redis-errors.ts';
import { settleWithin } from '../util/settle-within.ts';

/** Jobs added to or read from Redis at a time. */
const REDIS_CHUNK = 500;

export type TranslateJob = Job<TranslateJobData, TranslateJobResult>;

/** The run's side of the shared translate queue: adding, adopting, finding and removing its jobs. */
export class TranslateJobs {
  readonly queue: Queue<TranslateJobData, TranslateJobResult>;

  constructor(connection: Redis, prefix: string) {
    this.queue = new Queue<TranslateJobData, TranslateJobResult>(TRANSLATE_QUEUE, { connection, prefix });
    // Counted and logged; a Redis that stays away stops the run through the give-up timer.
    redisErrors.watch('translate queue', this.queue);
  }

  /**
   * Jobs an interrupted run (or a parallel one) already queued whose segments are all among `pending`:
   * adopted, not paid for again. A key is adopted once.
   */
  async adopt(pending: ReadonlyMap<string, unknown>): Promise<Batch[]> {
    const adopted: Batch[] = [];
    if (!pending.size) return adopted;
    const keys = new Set<string>();
    const ids = new Set<string>();
    // Page by page: after a crash the queue may hold tens of thousands of jobs.
    for (let start = 0; ; start += REDIS_CHUNK) {
      const jobs = await this.queue.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'paused', 'completed'], start, start + REDIS_CHUNK - 1);
      if (!jobs.length) return adopted;
      for (const job of jobs) {
        const data = job?.data;
        if (!job?.id || data?.v !== PAYLOAD_VERSION || ids.has(job.id)) continue;
        if (!data.segments.every((s) => pending.has(s.key) && !keys.has(s.key))) continue;
        for (const s of data.segments) keys.add(s.key);
        ids.add(job.id);
        adopted.push({ id: job.id, data });
      }
    }
  }

  async add(batches: readonly Batch[]): Promise<void> {
    for (let i = 0; i < batches.length; i += REDIS_CHUNK) {
      await this.queue.addBulk(
        batches.slice(i, i + REDIS_CHUNK).map((b) => ({
          name: 'translate',
          data: b.data,
          opts: { jobId: b.id, attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 86_400 } },
        })),
      );
    }
  }

  /** Failed jobs kept with the ids of jobs about to be added would stand in for them: removed first. */
  forgetFailures(ids: readonly string[]): Promise<void> {
    return forgetFailures(this.queue, ids);
  }

  /** Of `ids`, the jobs no longer in Redis. */
  missing(ids: readonly string[]): Promise<string[]> {
    return missingJobs(this.queue, ids, REDIS_CHUNK);
  }

  /** The jobs with these ids, a few hundred at a time; `each` gets every chunk until `more()` says stop. */
  async byIds(ids: readonly string[], each: (jobs: readonly (TranslateJob | undefined)[]) => Promise<void>, more: () => boolean): Promise<void> {
    for (let i = 0; i < ids.length && more(); i += REDIS_CHUNK) {
      await each(await Promise.all(ids.slice(i, i + REDIS_CHUNK).map((id) => Job.fromId<TranslateJobData, TranslateJobResult>(this.queue, id))));
    }
  }

  /** Recently finished jobs (completed or failed), any run's. */
  finished(): Promise<TranslateJob[]> {
    return this.queue.getJobs(['completed', 'failed'], 0, 2000);
  }

  /** Whether a failed job is done for good: gone, or out of attempts (not waiting for a retry). */
  async failedForGood(id: string): Promise<boolean> {
    const job = await Job.fromId(this.queue, id);
    return !job || (await job.getState()) === 'failed';
  }

  async remove(id: string): Promise<void> {
    await this.queue.remove(id).catch(() => {});
  }

  /** Removes these jobs, their commands sent together. */
  async removeAll(ids: readonly string[]): Promise<void> {
    await Promise.all(ids.map((id) => this.remove(id)));
  }

  /**
   * Closes the queue once its connection has started up: a run with nothing to ask of it (no pending
   * segment) never waited for that, and a connection quit under a queue still starting up rejects a
   * promise inside BullMQ that nothing handles.
   */
  async close(): Promise<void> {
    await settleWithin(this.queue.waitUntilReady(), 5_000);
    await this.queue.close();
  }
}
