import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { FileAssembler } from '../assemble/file-assembler.ts';
import { removeLeftovers } from '../files/remove-leftovers.ts';
import { leftoverFolders } from '../pipeline/leftover-folders.ts';
import { batchLimits, packBatches } from '../pipeline/pack-batches.ts';
import type { PairView } from '../pipeline/pair-state.ts';
import { planRun, type RunPlan } from '../pipeline/plan-run.ts';
import { addUsage, emptyTotals, runReport, type RunReport } from '../pipeline/run-report.ts';
import { redisErrors } from '../redis/redis-errors.ts';
import { settleWithin } from '../util/settle-within.ts';
import { keepResult } from './keep-result.ts';
import { PairStates } from './pair-states.ts';
import { ResultCollector, type ResultSink } from './result-collector.ts';
import { RunStop } from './run-stop.ts';
import { TranslateJobs } from './translate-jobs.ts';
import type { TranslationRunOptions } from './translation-run-options.ts';

/**
 * One run: plans the work, enqueues packed translate jobs (adopting those already queued), keeps each
 * result in the memory as it arrives, and assembles every (file, locale) in this process once its last
 * segment is in. Files are read and written only here; the translate jobs may be served by any worker.
 */
export class TranslationRun {
  readonly runId = randomUUID().slice(0, 8);
  private readonly stopper = new RunStop();
  private readonly totals = emptyTotals();
  private plan?: RunPlan;
  private states?: PairStates;
  private readonly connections: Redis[] = [];

  constructor(private readonly options: TranslationRunOptions) {}

  /** Target files in the plan (0 before planning). */
  get fileCount(): number {
    return this.plan?.pairs.length ?? 0;
  }

  /** Stops waiting: jobs in flight finish on their workers and their results stay for the next run. */
  stop(reason: string): void {
    this.stopper.stop(reason);
  }

  async run(): Promise<RunReport> {
    const started = Date.now();
    const { config, memory, state, glossary, connect } = this.options;
    const log = (message: string) => this.options.log?.(`run ${this.runId}: ${message}`);
    log('reading the files');
    const plan = (this.plan = await planRun(config, { memory, state, glossary, signal: this.stopper.signal, skipUntouched: true }));
    for (const file of await removeLeftovers(leftoverFolders(config, plan))) this.options.log?.(`removed ${file}, left by an interrupted write`);
    const states = (this.states = new PairStates(plan.pairs));
    const jobs = new TranslateJobs(this.connect(connect), config.redis.prefix);
    const adopted = await jobs.adopt(plan.pending);
    const adoptedKeys = new Set(adopted.flatMap((b) => b.data.segments.map((s) => s.key)));
    const batches = packBatches([...plan.pending.values()].filter((p) => !adoptedKeys.has(p.key)), config.provider.name, batchLimits(config), (locale, text) => memory.examples(locale, text, config.memory.examples));
    // Stopped while planning (SIGTERM): nothing is enqueued; the report says why each file was not written.
    const interrupted = this.stopper.reason;
    const refusal = interrupted ?? this.options.beforeEnqueue?.(batches);
    if (refusal) {
      this.stopper.refuse(refusal);
      if (!interrupted) states.refuseAll();
      await jobs.close();
      await this.disconnect();
      return this.report(started);
    }
    log(`${plan.pairs.length} target files, ${plan.pending.size} segments to translate in ${batches.length} new requests (${adopted.length} adopted)`);
    // The batches carry the texts from here on; the pending list would be a second copy of a large file.
    plan.pending.clear();

    const events = ResultCollector.events(this.connect(connect), config.redis.prefix);
    let allDone!: () => void;
    const done = new Promise<void>((resolve) => (allDone = resolve));
    const assembler = new FileAssembler({ root: config.root, memory, state, glossary, onFailure: config.onFailure, states, onDone: (s) => fileDone(s) });
    const collector = new ResultCollector({ jobs, stop: this.stopper, log, sink: this.sink(states, assembler) });
    const fileDone = (s: PairView) => {
      collector.touch();
      this.options.onFile?.({ source: s.pair.source, target: s.pair.target, locale: s.pair.locale, status: s.status ?? 'failed', errors: s.errors });
      this.progress();
      if (states.filesDone >= states.filesTotal) allDone();
    };
    // Stopped: nothing more is waited for, and no new file is started.
    const onStop = () => {
      assembler.stop();
      allDone();
    };
    if (this.stopper.signal.aborted) onStop();
    else this.stopper.signal.addEventListener('abort', onStop, { once: true });
    try {
      if (!plan.pairs.length) allDone();
      await collector.listen(events);
      collector.wait(adopted);
      collector.wait(batches);
      for (const s of states.ready()) assembler.assemble(s);
      await jobs.forgetFailures(batches.map((b) => b.id));
      await jobs.add(batches);
      // Queued: the collector holds each batch until its result is in; this list would keep them all to the end.
      batches.length = 0;
      await collector.sweepAll();
      await done;
    } finally {
      await collector.close();
      // Files being written finish; none is left half-written, and the memory is compacted only after.
      assembler.stop();
      await assembler.idle();
      // Bounded: after a lost Redis these would otherwise wait for it.
      await settleWithin(Promise.allSettled([events.close(), jobs.close()]), 10_000);
      await this.disconnect();
      for (const locale of new Set(plan.pairs.map((p) => p.pair.locale))) await memory.compact(locale);
      await memory.close();
      await state.save();
    }
    return this.report(started);
  }

  /** Results go to the memory, then to the pairs waiting for them; a pair with nothing left is assembled. */
  private sink(states: PairStates, assembler: FileAssembler): ResultSink {
    return {
      keep: async (batch, result) => {
        const refused = await keepResult(batch, result, this.options.memory, states.localesOf(batch.data.segments.map((s) => s.key)));
        addUsage(this.totals, result);
        return refused;
      },
      settle: (batch, failure) => {
        for (const seg of batch.data.segments) {
          for (const complete of states.resolve(seg.key, failure(seg.key))) assembler.assemble(complete);
          this.progress();
        }
      },
    };
  }

  private connect(connect: () => Redis): Redis {
    const c = connect();
    this.connections.push(c);
    return c;
  }

  private async disconnect(): Promise<void> {
    await settleWithin(Promise.allSettled(this.connections.map((c) => c.quit())), 2_000);
    for (const c of this.connections) c.disconnect();
  }

  private progress(): void {
    const states = this.states;
    if (!states) return;
    const { requests, promptTokens, completionTokens } = this.totals;
    this.options.onProgress?.({ segmentsDone: states.segmentsDone, segmentsTotal: states.segmentsTotal, filesDone: states.filesDone, filesTotal: states.filesTotal, requests, promptTokens, completionTokens });
  }

  private report(started: number): RunReport {
    const states = this.states!;
    const aborted = this.stopper.reason;
    states.failUnfinished(aborted ?? 'run ended early');
    return runReport({ pairs: states.all, totals: this.totals, problems: this.plan!.problems, aborted, started, redisErrors: redisErrors.count });
  }
}
