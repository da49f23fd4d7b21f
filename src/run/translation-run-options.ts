import type { Redis } from 'ioredis';
import type { ResolvedConfig } from '../config/load-config.ts';
import type { Glossary } from '../glossary/glossary.ts';
import type { MemoryStore } from '../memory/memory-store.ts';
import type { TargetState } from '../memory/target-state.ts';
import type { Batch } from '../pipeline/pack-batches.ts';
import type { PlanConfig } from '../pipeline/plan-run.ts';

export interface RunProgress {
  readonly segmentsDone: number;
  readonly segmentsTotal: number;
  readonly filesDone: number;
  readonly filesTotal: number;
  /** Requests sent so far (packed requests, splits and retries included). */
  readonly requests: number;
  /** Tokens billed so far. */
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface FileOutcome {
  readonly source: string;
  readonly target: string;
  readonly locale: string;
  readonly status: 'written' | 'unchanged' | 'failed';
  readonly errors: readonly string[];
}

/** What a run reads of the config: the planner's part, batching, Redis and failure handling. */
export type TranslationConfig = PlanConfig & Pick<ResolvedConfig, 'rpm' | 'tpm' | 'batch' | 'redis' | 'onFailure'>;

export interface TranslationRunOptions {
  readonly config: TranslationConfig;
  readonly memory: MemoryStore;
  readonly state: TargetState;
  readonly glossary: Glossary;
  /** Called with the estimate before anything is enqueued; returning a reason stops the run there. */
  readonly beforeEnqueue?: (batches: readonly Batch[]) => string | undefined;
  /** A new connection each call: BullMQ's blocking readers need their own. */
  readonly connect: () => Redis;
  readonly onProgress?: (progress: RunProgress) => void;
  /** Called once per target file when it is written, found unchanged, or failed. */
  readonly onFile?: (file: FileOutcome) => void;
  readonly log?: (message: string) => void;
}
