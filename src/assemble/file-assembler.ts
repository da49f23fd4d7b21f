import pLimit from 'p-limit';
import type { PairView } from '../pipeline/pair-state.ts';
import { emptyOutcome, type PairStates } from '../run/pair-states.ts';
import { yieldToEventLoop } from '../util/yield-to-event-loop.ts';
import { assembleFile, type AssembleOptions } from './assemble-file.ts';

export interface FileAssemblerOptions extends AssembleOptions {
  /** The run's pair states: each assembled file's outcome is recorded there. */
  readonly states: PairStates;
  /** Told once per file, after its outcome is recorded. */
  readonly onDone: (state: PairView) => void;
  /** Files rendered and written at once. */
  readonly concurrency?: number;
}

/**
 * Assembles target files in this process, where the documents and files are, a few at a time:
 * nothing about it crosses Redis. An exception fails that one file; once stopped, no new file is started.
 */
export class FileAssembler {
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: FileAssemblerOptions) {
    this.limit = pLimit(options.concurrency ?? 4);
  }

  assemble(state: PairView): void {
    const task = this.limit(() => this.assembleOne(state));
    this.running.add(task);
    // A listener's exception (in onDone) is not the file's: the outcome is recorded already.
    void task.catch(() => {}).finally(() => this.running.delete(task));
  }

  /** Starts no file from now on; those already being written finish (see `idle`). */
  stop(): void {
    this.stopped = true;
  }

  /** Resolves when no file is being assembled or waits to be. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private async assembleOne(state: PairView): Promise<void> {
    // On a later turn of the event loop, as when a queue handed the file over: the result that
    // completed the file is done with (and collectable) before a large render starts.
    await yieldToEventLoop();
    if (this.stopped) return;
    const outcome = emptyOutcome();
    try {
      await assembleFile(state, this.options, outcome);
    } catch (error) {
      outcome.status = 'failed';
      outcome.errors.push(`${state.pair.target}: not written: ${(error as Error).message}`);
    }
    this.options.onDone(this.options.states.finish(state.index, outcome));
  }
}
