import { pino, type Logger } from 'pino';
import type { Output } from './cli-io.ts';

/** Structured logs on stderr (JSON lines); `--verbose` shows the run's steps. Secrets are redacted by path. */
export function createLogger(verbose: boolean, stderr: Output = process.stderr): Logger {
  return pino(
    {
      level: verbose ? 'debug' : 'warn',
      base: undefined,
      redact: { paths: ['apiKey', '*.apiKey', 'headers.authorization', '*.headers.authorization', 'password'], censor: '***' },
    },
    // This process's stderr synchronously (nothing lost at exit); another stream (a test's) as it is.
    stderr === process.stderr ? pino.destination({ fd: 2, sync: true }) : { write: (line: string) => void stderr.write(line) },
  );
}
