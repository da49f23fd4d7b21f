import type { CostEstimate } from '../pipeline/estimate-cost.ts';
import type { RunReport } from '../pipeline/run-report.ts';

/** What a run emits, in order: `planned` once, then `progress` and `file-*` as they come, then `finished` once. */
export type RunEvent =
  /** `segments`: distinct segments to send (after the memory and deduplication). */
  | { readonly type: 'planned'; readonly files: number; readonly segments: number; readonly estimate: CostEstimate }
  | {
      readonly type: 'progress';
      readonly segmentsDone: number;
      readonly segmentsTotal: number;
      readonly filesDone: number;
      readonly filesTotal: number;
      readonly requests: number;
      /** USD spent so far at the model's list price (0 for the pseudo provider). */
      readonly cost: number;
    }
  | { readonly type: 'file-written'; readonly source: string; readonly target: string; readonly locale: string; readonly status: 'written' | 'unchanged' }
  | { readonly type: 'file-failed'; readonly source: string; readonly target: string; readonly locale: string; readonly errors: readonly string[] }
  | { readonly type: 'finished'; readonly report: RunReport; readonly exitCode: RunExitCode };

export type RunEventType = RunEvent['type'];

/** 0 done, 1 some files failed, 2 refused before any request (over budget). */
export type RunExitCode = 0 | 1 | 2;
