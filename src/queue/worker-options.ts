import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Concurrency } from '../config/concurrency.ts';
import type { Provider } from '../providers/provider.ts';
import type { TranslateJobData, TranslateJobResult } from './job-payloads.ts';

/** Retries of one request after a fault: exponential backoff with jitter, capped. */
export interface RetryOptions {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** What a translate worker needs from a project's config: provider, limits and retries; never the files. */
export interface WorkerSettings {
  /** The `redis.prefix`: this worker serves only that prefix's queue and limiter. */
  readonly prefix: string;
  /** The provider for a job's `provider` name; throws if this worker cannot serve it. */
  readonly providerFor: (name: TranslateJobData['provider']) => Provider;
  readonly retry: RetryOptions;
  /** Shared limits for a job (scope names the account and model), or undefined for none. */
  readonly limitsFor: (job: TranslateJobData) => { scope: string; rpm: number; tpm: number } | undefined;
}

/** How a translate worker is started: the contract between `src/` and the BullMQ worker in `workers/`. */
export interface TranslateWorkerOptions extends WorkerSettings {
  readonly connection: Redis;
  /** Requests in flight in this process: a number, or `auto` to follow the rate limit × observed latency. */
  readonly concurrency: Concurrency;
  readonly onResult?: (job: Job<TranslateJobData>, result: TranslateJobResult) => void;
}
