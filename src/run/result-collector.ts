import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Batch } from '../pipeline/pack-batches.ts';
import { decodeJobFailure, stopsRun } from '../queue/job-failure.ts';
import { PAYLOAD_VERSION, type TranslateJobResult } from '../queue/job-payloads.ts';
import { TRANSLATE_QUEUE } from '../queue/queue-names.ts';
import { redisErrors } from '../redis/redis-errors.ts';
import type { RunStop } from './run-stop.ts';
import type { TranslateJob, TranslateJobs } from './translate-jobs.ts';

const SWEEP_MS = 3000;
/** Finished jobs read from Redis at a time. */
const READ_CHUNK = 500;
/** Quiet this long, the run checks that its jobs are still in Redis. */
const STALL_MS = 2 * SWEEP_MS;
/** How often a job that stalled (or lost its worker) is queued again before its segments are failed. */
const MAX_REQUEUES = 5;

/** Where results go: the memory first, then the pairs waiting for them. */
export interface ResultSink {
  /** Keeps what passed the checks; returns memory key → why a translation was refused. */
  keep(batch: Batch, result: TranslateJobResult): Promise<ReadonlyMap<string, string>>;
  /** Every segment of `batch` is done: translated, or failed for `failure(key)`. */
  settle(batch: Batch, failure: (key: string) => string | undefined): void;
}

export interface ResultCollectorOptions {
  readonly jobs: TranslateJobs;
  readonly sink: ResultSink;
  readonly stop: RunStop;
  readonly log?: (message: string) => void;
}

/**
 * Waits for the run's translate jobs: listens to the queue's events, sweeps for results it missed
 * (finished before it listened, or while Redis was away), queues again jobs lost or stalled through
 * no fault of their segments, and hands each result to the sink, one at a time.
 */
export class ResultCollector {
  private readonly waiting = new Map<string, Batch>();
  /** Translate jobs queued again after a failure that was not their segments' fault, and how often. */
  private readonly requeued = new Map<string, number>();
  private chain: Promise<void> = Promise.resolve();
  /** Jobs said to be complete whose results are still to be read: only ids wait here, the results stay in Redis meanwhile. */
  private readonly completed = new Set<string>();
  private draining = false;
  private sweeper?: NodeJS.Timeout;
  /** When a result or a written file last came in: a long quiet spell makes the run check its jobs still exist. */
  private lastProgress = Date.now();

  constructor(private readonly options: ResultCollectorOptions) {}

  /** Jobs whose results the run waits for. */
  wait(batches: readonly Batch[]): void {
    for (const b of batches) this.waiting.set(b.id, b);
  }

  get waitingFor(): number {
    return this.waiting.size;
  }

  /** Something moved (a file was written): the quiet spell starts again. */
  touch(): void {
    this.lastProgress = Date.now();
  }

  /** Listens for finished jobs; resolves once the event stream is ready. */
  async listen(events: QueueEvents): Promise<void> {
    redisErrors.watch('translate events', events);
    await events.waitUntilReady();
    // Results are read a few hundred at a time when their turn comes: workers faster than the memory's appends would otherwise pile them up here.
    events.on('completed', ({ jobId }) => this.noteCompleted(jobId));
    events.on('failed', ({ jobId, failedReason }) => this.serialise(() => this.onFailed(jobId, failedReason)));
  }

  static events(connection: Redis, prefix: string): QueueEvents {
    return new QueueEvents(TRANSLATE_QUEUE, { connection, prefix });
  }

  /** Collects jobs that finished before the run listened (a rerun after a crash), then sweeps now and then. */
  async sweepAll(): Promise<void> {
    await this.sweep(true);
    this.sweeper = setInterval(() => this.serialise(() => this.sweep(false)), SWEEP_MS);
  }

  /** Stops sweeping and waits for the result being handled. */
  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.chain;
  }

  private serialise(task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch((error: Error) => this.options.stop.stop(`internal error: ${error.message}`));
  }

  private noteCompleted(jobId: string): void {
    if (!this.waiting.has(jobId)) return;
    this.completed.add(jobId);
    if (this.draining) return;
    this.draining = true;
    this.serialise(() => this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.completed.size && !this.options.stop.reason) {
        const ids = [...this.completed].slice(0, READ_CHUNK);
        for (const id of ids) this.completed.delete(id);
        await this.options.jobs.byIds(ids, (jobs) => this.collect(jobs), () => !this.options.stop.reason);
      }
    } finally {
      this.draining = false;
    }
  }

  private async sweep(everyJob: boolean): Promise<void> {
    const { jobs, stop } = this.options;
    if (!this.waiting.size || stop.reason) return;
    // A few hundred at a time: a rerun may adopt tens of thousands of jobs.
    if (everyJob) await jobs.byIds([...this.waiting.keys()], (chunk) => this.collect(chunk), () => !stop.reason);
    else await this.collect(await jobs.finished());
    if (!everyJob && Date.now() - this.lastProgress > STALL_MS) await this.requeueLost();
  }

  private async collect(jobs: readonly (TranslateJob | undefined)[]): Promise<void> {
    const kept: string[] = [];
    try {
      for (const job of jobs) {
        if (!job?.id || !this.waiting.has(job.id) || !job.finishedOn) continue;
        // A completed job may still carry the reason an earlier attempt failed: its result decides.
        if (job.returnvalue) {
          if (await this.onCompleted(job.id, job.returnvalue)) kept.push(job.id);
        }
        // Finished and failed: out of attempts, unrecoverable, or stalled too often (onFailed sorts them out).
        else if (job.failedReason) await this.onFailed(job.id, job.failedReason);
      }
    } finally {
      // Once in the memory, a result is no longer needed in Redis: removed together, not one round trip each.
      await this.options.jobs.removeAll(kept);
    }
  }

  /**
   * After a quiet spell, checks that every job the run waits for is still in Redis: one restarted
   * with nothing kept (or emptied) would otherwise leave the run waiting forever. Lost jobs are queued again.
   */
  private async requeueLost(): Promise<void> {
    this.lastProgress = Date.now();
    const lost = await this.options.jobs.missing([...this.waiting.keys()]);
    if (!lost.length) return;
    this.options.log?.(`${lost.length} queued jobs are gone from Redis (restarted or emptied?); queueing them again`);
    await this.options.jobs.add(lost.map((id) => this.waiting.get(id)!));
  }

  /** Keeps a job's result and settles its segments; true once the result is in the memory (the job may then go). */
  private async onCompleted(jobId: string, returnvalue: unknown): Promise<boolean> {
    const batch = this.waiting.get(jobId);
    // Once stopped, a result stays in Redis for the next run: counting it now would make the report inexact.
    if (!batch || this.options.stop.reason) return false;
    this.lastProgress = Date.now();
    this.waiting.delete(jobId);
    const result = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as TranslateJobResult;
    if (result?.v !== PAYLOAD_VERSION) {
      this.options.sink.settle(batch, () => 'worker returned an unknown result format');
      return false;
    }
    const refused = await this.options.sink.keep(batch, result);
    // A Map, as in keepResult: a property lookup would intern the plan's keys.
    const failures = new Map([...Object.entries(result.failures ?? {}), ...refused]);
    this.options.sink.settle(batch, (key) => failures.get(key));
    return true;
  }

  private async onFailed(jobId: string, reason: string): Promise<void> {
    const batch = this.waiting.get(jobId);
    if (!batch) return;
    const { jobs, stop } = this.options;
    const failure = decodeJobFailure(reason);
    if (stopsRun(failure)) {
      this.waiting.delete(jobId);
      // A fatal failure (a refused key, say) is never kept: the next run, with the problem fixed, sends the job again.
      await jobs.remove(jobId);
      stop.stop(failure.message);
      return;
    }
    if (!(await jobs.failedForGood(jobId))) return;
    await jobs.remove(jobId);
    // Not the segments' fault (a stalled job on a busy machine, a worker or Redis lost mid-job):
    // queued again while they can still be translated; failures of the requests themselves are not.
    const tries = (this.requeued.get(jobId) ?? 0) + 1;
    if (failure.kind === 'unknown' && tries <= MAX_REQUEUES) {
      this.requeued.set(jobId, tries);
      this.options.log?.(`job ${jobId} failed (${failure.message}); queued again (${tries} of ${MAX_REQUEUES})`);
      await jobs.add([batch]);
      return;
    }
    this.waiting.delete(jobId);
    this.options.sink.settle(batch, () => failure.message);
  }
}
