/** The JSON written by `--report FILE`, and what the human summary is built from. */
export interface FileReport {
  source: string;
  target: string;
  locale: string;
  status: 'written' | 'unchanged' | 'failed';
  segments: number;
  translated: number;
  reused: number;
  /** Units a person edited in the target, kept as they are. */
  kept: number;
  failed: number;
  errors: string[];
  /** Hand-edited units whose source changed since: kept, to be reviewed. */
  conflicts: string[];
  /** Glossary terms a translation did not use, and similar notes. */
  warnings: string[];
}

export interface RunTotals {
  files: number;
  segments: number;
  translated: number;
  reused: number;
  failed: number;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** Packed requests split after a mismatch, and requests sent again after a fault or a failed check. */
  splits: number;
  retries: number;
  throttled: number;
  /** `error` events of Redis connections and BullMQ queues and workers in this process (each is logged). */
  redisErrors: number;
}

export interface RunReport {
  ok: boolean;
  /** Why the whole run stopped early (bad key, quota, interrupted), if it did. */
  aborted?: string;
  totals: RunTotals;
  files: FileReport[];
  /** Problems not tied to one target file (a source that could not be read, say). */
  errors: string[];
  durationMs: number;
  /** Peak resident memory of this process, MiB. */
  peakMemoryMb: number;
}

export function emptyTotals(): RunTotals {
  return { files: 0, segments: 0, translated: 0, reused: 0, failed: 0, requests: 0, promptTokens: 0, completionTokens: 0, splits: 0, retries: 0, throttled: 0, redisErrors: 0 };
}
