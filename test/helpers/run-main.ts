import { Readable } from 'node:stream';
import { main } from '../../src/cli/program.ts';
import type { CliResult } from './run-cli.ts';
import { cliEnv, ROOT } from './run-cli.ts';

/**
 * The CLI's `main()` in this process: what `runCli` checks, without a 1–2 s process start. For
 * everything that ends by itself (errors, usage, offline commands, small runs); signals, exit codes
 * as the shell sees them and the installed package keep the real process (`runCli`).
 */
export async function runMain(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    // Not a terminal: nothing asks a question.
    stdin: Readable.from([]),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: options.cwd ?? ROOT,
    env: cliEnv(options.env),
  });
  return { code, stdout, stderr };
}
