import path from 'node:path';
import type { Logger } from 'pino';
import type { ResolvedConfig } from '../config/load-config.ts';
import { writeAtomic } from '../files/write-atomic.ts';
import type { LocalWorkers } from '../run/local-workers.ts';
import { Run, type RunOutcome } from '../run/run.ts';
import { ProgressDisplay, type ProgressMode } from './progress-display.ts';
import { formatProblems, formatSummary } from './summary.ts';
import type { CliIo } from './cli-io.ts';

export interface RunCommandOptions {
  readonly reportFile?: string;
  readonly logger: Logger;
  /** The in-process translate worker (see `LocalWorkers`). */
  readonly workers: LocalWorkers;
  readonly progress: ProgressMode;
  /** Refuse to start if the estimated cost (USD) is higher. */
  readonly maxCost?: number;
  /** Wait for another run on the same project to finish instead of stopping. */
  readonly wait?: boolean;
}

/** A `Run` as the command line starts it: progress on stderr, SIGINT/SIGTERM stop it cleanly, the JSON report written. */
export async function startRun(config: ResolvedConfig, io: Pick<CliIo, 'stderr' | 'env'>, options: RunCommandOptions): Promise<RunOutcome> {
  const run = new Run({ config, logger: options.logger, workers: options.workers, maxCost: options.maxCost, wait: options.wait, onWait: (message) => io.stderr.write(`${message}\n`), env: io.env });
  const display = new ProgressDisplay({ mode: options.progress, stream: io.stderr });
  run.on('event', (e) => display.handle(e));
  const interrupt = (signal: string) => run.cancel(`interrupted by ${signal}; run the same command again to continue`);
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let outcome;
  try {
    outcome = await run.start();
  } finally {
    display.stop();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  if (options.reportFile) await writeAtomic(path.resolve(options.reportFile), JSON.stringify(outcome.report, null, 2) + '\n');
  return outcome;
}

/** The one-process run from the command line: `startRun`, then the summary. Returns the exit code. */
export async function runCommand(config: ResolvedConfig, io: Pick<CliIo, 'stdout' | 'stderr' | 'env'>, options: RunCommandOptions): Promise<number> {
  const outcome = await startRun(config, io, options);
  const problems = formatProblems(outcome.report);
  if (problems) io.stderr.write(problems + '\n');
  io.stdout.write(formatSummary(outcome.report) + '\n');
  return outcome.exitCode;
}
