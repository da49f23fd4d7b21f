import { pino, type Logger } from 'pino';

/** Structured logs on stderr (JSON lines); `--verbose` shows the run's steps. Secrets are redacted by path. */
export function createLogger(verbose: boolean): Logger {
  return pino(
    {
      level: verbose ? 'debug' : 'warn',
      base: undefined,
      redact: { paths: ['apiKey', '*.apiKey', 'headers.authorization', '*.headers.authorization', 'password'], censor: '***' },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
