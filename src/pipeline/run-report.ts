import type { PairView } from './pair-state.ts';

/** The JSON written by `--report FILE`, and what the human summary is built from. */
export interface FileReport {
  source: string;
  target: string;
  locale: string;
  /** Index of the config's `files` entry it comes from. */
  group?: number;
  status: 'written' | 'unchanged' | 'failed';
  segments: number;
  translated: number;
  reused: number;
  /** Units a person edited in the target, kept as they are. */
  kept: number;
  /** Units with nothing to translate (only placeholders or punctuation), filled with their source. */
  copied: number;
  failed: number;
  /** Segments with no result yet when the run stopped (interrupted, over budget): neither translated nor failed. */
  pending: number;
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
  /** See FileReport.copied. */
  copied: number;
  failed: number;
  pending: number;
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
  return { files: 0, segments: 0, translated: 0, reused: 0, copied: 0, failed: 0, pending: 0, requests: 0, promptTokens: 0, completionTokens: 0, splits: 0, retries: 0, throttled: 0, redisErrors: 0 };
}

/**
 * One target's counts, exact on a run that stopped early: a unit counts as translated only once its
 * result came in, so `segments = translated + reused + kept + copied + failed + pending`.
 */
export function fileReport(s: PairView): FileReport {
  const failed = s.failed.size;
  let pending = 0;
  if (s.pending.size) {
    s.keys.forEach((key, i) => {
      if (s.pending.has(key) && !s.failed.has(i)) pending++;
    });
  }
  return {
    source: s.pair.source, target: s.pair.target, locale: s.pair.locale, group: s.pair.group, status: s.status ?? 'failed',
    segments: s.unitCount, reused: s.reused, kept: s.kept.size, copied: s.copied, failed, pending,
    translated: Math.max(0, s.unitCount - s.reused - s.kept.size - s.copied - failed - pending),
    errors: [...s.errors], conflicts: [...s.conflicts], warnings: [...s.warnings],
  };
}

/** Adds one target's counts to the run's totals. */
export function addToTotals(totals: RunTotals, file: FileReport): void {
  totals.files++;
  totals.segments += file.segments;
  totals.translated += file.translated;
  totals.reused += file.reused;
  totals.copied += file.copied;
  totals.failed += file.failed;
  totals.pending += file.pending;
}

/** Adds what one job's requests cost to the run's totals. */
export function addUsage(totals: RunTotals, usage: Readonly<Pick<RunTotals, 'requests' | 'promptTokens' | 'completionTokens' | 'splits' | 'retries' | 'throttled'>>): void {
  for (const k of ['requests', 'promptTokens', 'completionTokens', 'splits', 'retries', 'throttled'] as const) totals[k] += usage[k] ?? 0;
}

export interface ReportInputs {
  /** Every pair, each with a status by now. */
  readonly pairs: readonly PairView[];
  /** Requests and tokens (see `addUsage`); the file counts are added here. */
  readonly totals: RunTotals;
  readonly problems: readonly { readonly message: string }[];
  readonly aborted?: string;
  readonly started: number;
  readonly redisErrors: number;
}

/** The run's report: per file, totals, and whether it all went through. */
export function runReport({ pairs, totals, problems, aborted, started, redisErrors }: ReportInputs): RunReport {
  const files = pairs.map(fileReport);
  totals.redisErrors = redisErrors;
  for (const f of files) addToTotals(totals, f);
  const errors = problems.map((p) => p.message);
  const ok = !aborted && !errors.length && files.every((f) => f.status !== 'failed' && f.failed === 0);
  return { ok, ...(aborted ? { aborted } : {}), totals, files, errors, durationMs: Date.now() - started, peakMemoryMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}
