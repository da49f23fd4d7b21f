import path from 'node:path';
import type { Logger } from 'pino';
import type { ResolvedConfig } from '../config/load-config.ts';
import { writeAtomic } from '../files/write-atomic.ts';
import { Run } from '../run/run.ts';
import { ProgressDisplay, type ProgressMode } from './progress-display.ts';
import { formatSummary } from './summary.ts';

export interface RunCommandOptions {
  readonly reportFile?: string;
  readonly logger: Logger;
  readonly progress: ProgressMode;
  /** Refuse to start if the estimated cost (USD) is higher. */
  readonly maxCost?: number;
}

/** The one-process run from the command line: a `Run`, a progress bar, signals, the summary. Returns the exit code. */
export async function runCommand(config: ResolvedConfig, options: RunCommandOptions): Promise<number> {
  const run = new Run({ config, logger: options.logger, maxCost: options.maxCost });
  const display = new ProgressDisplay({ mode: options.progress, stream: process.stderr });
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
  process.stdout.write(formatSummary(outcome.report) + '\n');
  return outcome.exitCode;
}
