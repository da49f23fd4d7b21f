import { randomUUID } from 'node:crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { checkSegment } from '../../jobs/segment-checks.ts';
import { AssembleWorker } from '../../workers/assemble-worker.ts';
import type { ResolvedConfig } from '../config/load-config.ts';
import type { Glossary } from '../glossary/glossary.ts';
import type { MemoryEntry, MemoryStore } from '../memory/memory-store.ts';
import type { TargetState } from '../memory/target-state.ts';
import type { AssembleJobData, TranslateJobData, TranslateJobResult } from '../queue/job-payloads.ts';
import { PAYLOAD_VERSION } from '../queue/job-payloads.ts';
import { missingJobs } from '../queue/missing-jobs.ts';
import { decodeJobFailure, stopsRun } from '../queue/job-failure.ts';
import { assembleQueue, TRANSLATE_QUEUE } from '../queue/queue-names.ts';
import { packBatches, requestBudget, type Batch } from './pack-batches.ts';
import { forgetFailures } from '../queue/forget-failures.ts';
import { planRun, type PairState, type RunPlan } from './plan-run.ts';
import { addToTotals, emptyTotals, fileReport, type FileReport, type RunReport } from './run-report.ts';
import { settleWithin } from '../util/settle-within.ts';
import { removeLeftovers } from '../files/remove-leftovers.ts';
import { leftoverFolders } from './leftover-folders.ts';
import { redisErrors } from '../redis/redis-errors.ts';

export interface RunProgress {
  readonly segmentsDone: number;
  readonly segmentsTotal: number;
  readonly filesDone: number;
  readonly filesTotal: number;
  /** Requests sent so far (packed requests, splits and retries included). */
  readonly requests: number;
  /** Tokens billed so far. */
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface TranslationRunOptions {
  readonly config: ResolvedConfig;
  readonly memory: MemoryStore;
  readonly state: TargetState;
  readonly glossary: Glossary;
  /** Called with the estimate before anything is enqueued; returning a reason stops the run there. */
  readonly beforeEnqueue?: (batches: readonly Batch[]) => string | undefined;
  /** A new connection each call: BullMQ's blocking readers need their own. */
  readonly connect: () => Redis;
  readonly onProgress?: (progress: RunProgress) => void;
  /** Called once per target file when it is written, found unchanged, or failed. */
  readonly onFile?: (file: FileOutcome) => void;
  readonly log?: (message: string) => void;
}

export interface FileOutcome {
  readonly source: string;
  readonly target: string;
  readonly locale: string;
  readonly status: 'written' | 'unchanged' | 'failed';
  readonly errors: readonly string[];
}

const SWEEP_MS = 3000;
/** Quiet this long, the run checks that its jobs are still in Redis. */
const STALL_MS = 2 * SWEEP_MS;
/** Jobs added to or read from Redis at a time. */
const REDIS_CHUNK = 500;
/** How often a job that stalled (or lost its worker) is queued again before its segments are failed. */
const MAX_REQUEUES = 5;


function assembleJobId(pair: number): string {
  return `pair-${pair}`;
}

/**
 * One run: plans the work, enqueues packed translate jobs, persists each result to the memory as it
 * arrives, and reassembles every (file, locale) once its last segment is in. Files are read and written
 * only here; the translate jobs may be served by any worker.
 */
export class TranslationRun {
  readonly runId = randomUUID().slice(0, 8);
  private readonly totals = emptyTotals();
  private plan?: RunPlan;
  private readonly waiting = new Map<string, Batch>();
  /** The pair, or pairs, waiting for each key: a key of one file (most keys) costs no array. */
  private readonly keyToPairs = new Map<string, PairState | PairState[]>();
  private finished = 0;
  private segmentsDone = 0;
  /** Segment resolutions to wait for, one per (key, file): a text twice in one file is resolved once. */
  private segmentsTotal = 0;
  private aborted?: string;
  private done!: () => void;
  private readonly allDone = new Promise<void>((resolve) => (this.done = resolve));
  private chain: Promise<void> = Promise.resolve();
  private assembleQ?: Queue<AssembleJobData>;
  private readonly connections: Redis[] = [];
  /** Translate jobs queued again after a failure that was not their segments' fault, and how often. */
  private readonly requeued = new Map<string, number>();
  /** Pairs whose assembly job is queued and not yet done. */
  private readonly assembling = new Set<number>();
  /** When a result or a written file last came in: a long quiet spell makes the run check its jobs still exist. */
  private lastProgress = Date.now();
  /** Aborted by `stop`: planning ends after the file it is reading. */
  private readonly stopping = new AbortController();

  constructor(private readonly options: TranslationRunOptions) {}

  /** Target files in the plan (0 before planning). */
  get fileCount(): number {
    return this.plan?.pairs.length ?? 0;
  }

  private connect(): Redis {
    const c = this.options.connect();
    this.connections.push(c);
    return c;
  }

  /** Stops waiting: jobs in flight finish on their workers and their results stay for the next run. */
  stop(reason: string): void {
    if (!this.aborted) this.aborted = reason;
    this.stopping.abort();
    this.done();
  }

  async run(): Promise<RunReport> {
    const started = Date.now();
    const { config, memory, state, glossary } = this.options;
    this.options.log?.(`run ${this.runId}: reading the files`);
    const plan = (this.plan = await planRun(config, { memory, state, glossary, signal: this.stopping.signal }));
    // Planned: a format that renders from the source alone needs the old target's text no more (a large file's would stay till the end).
    for (const s of plan.pairs) if (s.format.rendersFromSource) s.target = { ...s.target, existing: undefined };
    for (const file of await removeLeftovers(leftoverFolders(config, plan))) this.options.log?.(`removed ${file}, left by an interrupted write`);
    for (const state of plan.pairs) {
      this.segmentsTotal += state.pending.size;
      for (const key of state.pending) {
        const had = this.keyToPairs.get(key);
        if (Array.isArray(had)) had.push(state);
        else this.keyToPairs.set(key, had ? [had, state] : state);
      }
    }
    const queue = new Queue<TranslateJobData, TranslateJobResult>(TRANSLATE_QUEUE, { connection: this.connect(), prefix: config.redis.prefix });
    // Counted and logged; a Redis that stays away stops the run through the give-up timer.
    redisErrors.watch('translate queue', queue);
    // Jobs an interrupted run (or a parallel one) already queued for our segments are adopted, not paid for again.
    const adopted = await this.adoptQueued(queue, plan);
    const batches = packBatches([...plan.pending.values()].filter((p) => !adopted.has(p.key)), config.provider.name, {
      maxTokens: requestBudget(config.rpm, config.tpm, config.model.maxInputTokens, config.batch.maxTokens),
      maxInputTokens: Math.floor(config.model.maxInputTokens * 0.9),
      maxSegments: config.batch.maxSegments,
    }, (locale, text) => memory.examples(locale, text, config.memory.examples));
    // Stopped while planning (SIGTERM): nothing is enqueued; the report says why each file was not written.
    const interrupted = this.aborted;
    const refusal = interrupted ?? this.options.beforeEnqueue?.(batches);
    if (refusal) {
      this.aborted = refusal;
      if (!interrupted) for (const s of plan.pairs) s.status = 'failed';
      // Closed while its connection still starts up (nothing was asked of it), a queue emits an error no listener catches.
      await settleWithin(queue.waitUntilReady(), 5_000);
      await queue.close();
      await Promise.allSettled(this.connections.map((c) => c.quit()));
      return this.report(started);
    }
    this.options.log?.(`run ${this.runId}: ${plan.pairs.length} target files, ${plan.pending.size} segments to translate in ${batches.length} new requests (${this.waiting.size} adopted)`);
    // The batches carry the texts from here on; the pending list would be a second copy of a large file.
    plan.pending.clear();

    const events = new QueueEvents(TRANSLATE_QUEUE, { connection: this.connect(), prefix: config.redis.prefix });
    this.assembleQ = new Queue<AssembleJobData>(assembleQueue(this.runId), { connection: this.connect(), prefix: config.redis.prefix });
    redisErrors.watch('translate events', events);
    redisErrors.watch('assemble queue', this.assembleQ);
    const assembler = new AssembleWorker({
      connection: this.connect(), runId: this.runId, prefix: config.redis.prefix, pairs: plan.pairs, root: config.root, memory, state, glossary, onFailure: config.onFailure,
      onDone: (pair) => this.fileDone(pair),
    });
    let sweep: NodeJS.Timeout | undefined;
    try {
      if (!plan.pairs.length) this.done();
      await events.waitUntilReady();
      events.on('completed', ({ jobId, returnvalue }) => this.serialise(() => this.onCompleted(queue, jobId, returnvalue)));
      events.on('failed', ({ jobId, failedReason }) => this.serialise(() => this.onFailed(queue, jobId, failedReason)));
      for (const b of batches) this.waiting.set(b.id, b);
      for (const state of plan.pairs) if (!state.pending.size) await this.enqueueAssemble(state);
      await forgetFailures(queue, batches.map((b) => b.id));
      await this.enqueue(queue, batches);
      // Jobs finished before we listened (a rerun after a crash) are collected here, then by a periodic sweep.
      await this.sweep(queue, true);
      sweep = setInterval(() => this.serialise(() => this.sweep(queue, false)), SWEEP_MS);
      await this.allDone;
      await this.chain;
    } finally {
      if (sweep) clearInterval(sweep);
      // Bounded: after a lost Redis these would otherwise wait for it.
      await settleWithin(assembler.close(), 5_000);
      await settleWithin(this.assembleQ.obliterate({ force: true }), 5_000);
      await settleWithin(Promise.allSettled([events.close(), queue.close(), this.assembleQ.close()]), 5_000);
      await settleWithin(Promise.allSettled(this.connections.map((c) => c.quit())), 2_000);
      for (const c of this.connections) c.disconnect();
      for (const locale of new Set(plan.pairs.map((p) => p.pair.locale))) await memory.compact(locale);
      await memory.close();
      await state.save();
    }
    return this.report(started);
  }

  private async enqueue(queue: Queue<TranslateJobData, TranslateJobResult>, batches: readonly Batch[]): Promise<void> {
    for (let i = 0; i < batches.length; i += REDIS_CHUNK) {
      await queue.addBulk(
        batches.slice(i, i + REDIS_CHUNK).map((b) => ({
          name: 'translate',
          data: b.data,
          opts: { jobId: b.id, attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 86_400 } },
        })),
      );
    }
  }

  /**
   * After a quiet spell, checks that every job the run waits for is still in Redis: one restarted
   * with nothing kept (or emptied) would otherwise leave the run waiting forever. Lost jobs are queued again.
   */
  private async requeueLost(queue: Queue<TranslateJobData, TranslateJobResult>): Promise<void> {
    this.lastProgress = Date.now();
    const lost = await missingJobs(queue, [...this.waiting.keys()]);
    const assembling = new Map([...this.assembling].map((index) => [assembleJobId(index), this.plan!.pairs[index]]));
    const lostAssembly = await missingJobs(this.assembleQ!, [...assembling.keys()]);
    if (!lost.length && !lostAssembly.length) return;
    this.options.log?.(`run ${this.runId}: ${lost.length + lostAssembly.length} queued jobs are gone from Redis (restarted or emptied?); queueing them again`);
    await this.enqueue(queue, lost.map((id) => this.waiting.get(id)!));
    for (const id of lostAssembly) await this.enqueueAssemble(assembling.get(id)!);
  }

  private async adoptQueued(queue: Queue<TranslateJobData, TranslateJobResult>, plan: RunPlan): Promise<Set<string>> {
    const adopted = new Set<string>();
    if (!plan.pending.size) return adopted;
    // Page by page: after a crash the queue may hold tens of thousands of jobs.
    for (let start = 0; ; start += REDIS_CHUNK) {
      const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'paused', 'completed'], start, start + REDIS_CHUNK - 1);
      if (!jobs.length) return adopted;
      for (const job of jobs) {
        const data = job?.data;
        if (!job?.id || data?.v !== PAYLOAD_VERSION || this.waiting.has(job.id)) continue;
        if (!data.segments.every((s) => plan.pending.has(s.key) && !adopted.has(s.key))) continue;
        for (const s of data.segments) adopted.add(s.key);
        this.waiting.set(job.id, { id: job.id, data });
      }
    }
  }

  private serialise(task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch((error: Error) => this.stop(`internal error: ${error.message}`));
  }

  private async sweep(queue: Queue<TranslateJobData, TranslateJobResult>, everyJob: boolean): Promise<void> {
    if (!this.waiting.size || this.aborted) return;
    if (everyJob) {
      // A few hundred at a time: a rerun may adopt tens of thousands of jobs.
      const ids = [...this.waiting.keys()];
      for (let i = 0; i < ids.length && !this.aborted; i += REDIS_CHUNK) {
        await this.collect(queue, await Promise.all(ids.slice(i, i + REDIS_CHUNK).map((id) => Job.fromId<TranslateJobData, TranslateJobResult>(queue, id))));
      }
    } else await this.collect(queue, await queue.getJobs(['completed', 'failed'], 0, 2000));
    if (!everyJob && Date.now() - this.lastProgress > STALL_MS) await this.requeueLost(queue);
  }

  private async collect(queue: Queue<TranslateJobData, TranslateJobResult>, jobs: readonly (Job<TranslateJobData, TranslateJobResult> | undefined)[]): Promise<void> {
    for (const job of jobs) {
      if (!job?.id || !this.waiting.has(job.id) || !job.finishedOn) continue;
      if (job.returnvalue) await this.onCompleted(queue, job.id, job.returnvalue);
      // Finished and failed: out of attempts, unrecoverable, or stalled too often (onFailed sorts them out).
      else if (job.failedReason) await this.onFailed(queue, job.id, job.failedReason);
    }
  }

  private async onCompleted(queue: Queue, jobId: string, returnvalue: unknown): Promise<void> {
    const batch = this.waiting.get(jobId);
    // Once stopped, a result stays in Redis for the next run: counting it now would make the report inexact.
    if (!batch || this.aborted) return;
    this.lastProgress = Date.now();
    this.waiting.delete(jobId);
    const result = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as TranslateJobResult;
    if (result?.v !== PAYLOAD_VERSION) return this.failBatch(batch, 'worker returned an unknown result format');
    const at = new Date().toISOString();
    const locale = this.pairsOf(batch.data.segments[0].key)[0]?.pair.locale;
    const entries: MemoryEntry[] = [];
    const failures: Record<string, string> = { ...result.failures };
    for (const seg of batch.data.segments) {
      const target = result.translations[seg.key];
      if (target === undefined) continue;
      // Checked again here: the memory keeps only what passed every check, whichever worker (or version) sent it.
      const problem = checkSegment(seg.text, target, seg.check, seg.tokens);
      if (problem) failures[seg.key] = `worker's translation refused: ${problem}`;
      else entries.push({ key: seg.key, source: seg.text, target, model: batch.data.model, at });
    }
    if (locale) await this.options.memory.add(locale, entries);
    await queue.remove(jobId).catch(() => {});
    for (const k of ['requests', 'promptTokens', 'completionTokens', 'splits', 'retries', 'throttled'] as const) this.totals[k] += result[k] ?? 0;
    for (const seg of batch.data.segments) await this.resolveKey(seg.key, failures[seg.key]);
  }

  private async onFailed(queue: Queue, jobId: string, reason: string): Promise<void> {
    const batch = this.waiting.get(jobId);
    if (!batch) return;
    const failure = decodeJobFailure(reason);
    const job = await Job.fromId(queue, jobId);
    const final = stopsRun(failure) || !job || (await job.getState()) === 'failed';
    if (!final) return;
    if (stopsRun(failure)) {
      this.waiting.delete(jobId);
      // A fatal failure (a refused key, say) is never kept: the next run, with the problem fixed, sends the job again.
      await queue.remove(jobId).catch(() => {});
      this.stop(failure.message);
      return;
    }
    await queue.remove(jobId).catch(() => {});
    // Not the segments' fault (a stalled job on a busy machine, a worker or Redis lost mid-job):
    // queued again while they can still be translated; failures of the requests themselves are not.
    const tries = (this.requeued.get(jobId) ?? 0) + 1;
    if (failure.kind === 'unknown' && tries <= MAX_REQUEUES) {
      this.requeued.set(jobId, tries);
      this.options.log?.(`run ${this.runId}: job ${jobId} failed (${failure.message}); queued again (${tries} of ${MAX_REQUEUES})`);
      await this.enqueue(queue, [batch]);
      return;
    }
    this.waiting.delete(jobId);
    await this.failBatch(batch, failure.message);
  }

  private async failBatch(batch: Batch, reason: string): Promise<void> {
    for (const seg of batch.data.segments) await this.resolveKey(seg.key, reason);
  }

  private async resolveKey(key: string, failure?: string): Promise<void> {
    for (const state of this.pairsOf(key)) {
      if (!state.pending.delete(key)) continue;
      this.segmentsDone++;
      if (failure) state.keys.forEach((k, i) => k === key && state.failed.set(i, failure));
      if (!state.pending.size) await this.enqueueAssemble(state);
    }
    this.progress();
  }

  private pairsOf(key: string): readonly PairState[] {
    const pairs = this.keyToPairs.get(key);
    return pairs === undefined ? [] : Array.isArray(pairs) ? pairs : [pairs];
  }

  private async enqueueAssemble(state: PairState): Promise<void> {
    this.assembling.add(state.index);
    await this.assembleQ!.add('assemble', { v: PAYLOAD_VERSION, pair: state.index }, { jobId: assembleJobId(state.index) });
  }

  private fileDone(state: PairState): void {
    this.assembling.delete(state.index);
    this.lastProgress = Date.now();
    this.finished++;
    this.options.onFile?.({ source: state.pair.source, target: state.pair.target, locale: state.pair.locale, status: state.status ?? 'failed', errors: state.errors });
    this.progress();
    if (this.plan && this.finished >= this.plan.pairs.length) this.done();
  }

  private progress(): void {
    const plan = this.plan;
    if (!plan) return;
    this.options.onProgress?.({ segmentsDone: this.segmentsDone, segmentsTotal: this.segmentsTotal, filesDone: this.finished, filesTotal: plan.pairs.length, requests: this.totals.requests, promptTokens: this.totals.promptTokens, completionTokens: this.totals.completionTokens });
  }

  private report(started: number): RunReport {
    const plan = this.plan!;
    const files: FileReport[] = plan.pairs.map((s) => {
      if (!s.status) {
        s.status = 'failed';
        s.errors.push(`${s.pair.target}: not written: ${this.aborted ?? 'run ended early'}`);
      }
      return fileReport(s);
    });
    const t = this.totals;
    t.redisErrors = redisErrors.count;
    for (const f of files) addToTotals(t, f);
    const errors = plan.problems.map((p) => p.message);
    const ok = !this.aborted && !errors.length && files.every((f) => f.status !== 'failed' && f.failed === 0);
    return { ok, ...(this.aborted ? { aborted: this.aborted } : {}), totals: t, files, errors, durationMs: Date.now() - started, peakMemoryMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  }
}
