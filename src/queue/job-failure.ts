import type { ErrorKind } from '../errors/provider-error.ts';

/**
 * Why a translate job failed, as it crosses Redis from a worker to the run: the kind is a field,
 * so the run never has to read it out of a message. `payload`: the worker cannot read the job
 * (another version); `unknown`: any other error, BullMQ's own included (a stalled job, say).
 */
export interface JobFailure {
  readonly kind: ErrorKind | 'payload' | 'unknown';
  readonly message: string;
}

const KINDS = new Set<JobFailure['kind']>(['throttled', 'transient', 'content', 'fatal', 'payload', 'unknown']);

/** The job's failed reason as BullMQ stores it (a string): the failure as JSON. */
export function encodeJobFailure(failure: JobFailure): string {
  return JSON.stringify({ kind: failure.kind, message: failure.message });
}

/** Reads a failed reason back; one that is not ours (BullMQ's, an older worker's) is `unknown` with the text as message. */
export function decodeJobFailure(reason: string | undefined): JobFailure {
  const text = reason ?? 'job failed';
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === 'object') {
      const { kind, message } = json as Record<string, unknown>;
      if (typeof kind === 'string' && KINDS.has(kind as JobFailure['kind']) && typeof message === 'string') return { kind: kind as JobFailure['kind'], message };
    }
  } catch {
    // not ours
  }
  return { kind: 'unknown', message: text };
}

/** A failure no retry or other worker can fix: the run stops. */
export function stopsRun(failure: JobFailure): boolean {
  return failure.kind === 'fatal' || failure.kind === 'payload';
}
