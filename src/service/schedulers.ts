import type { Queue } from 'bullmq';
import type { RunJobData } from './run-processor.ts';
import type { ProjectConfig } from './service-config.ts';

export interface SchedulerView {
  readonly id: string;
  readonly pattern?: string;
  readonly every?: number;
  readonly tz?: string;
  /** Next tick, ISO 8601. */
  readonly next?: string;
}

/** Job options of every run job: a bounded history in Redis (the service keeps its own list of runs). */
export const RUN_JOB_OPTIONS = { removeOnComplete: { count: 200 }, removeOnFail: { count: 200 } } as const;

/**
 * Makes the `runs` queue's job schedulers what service.json declares: one per project with a
 * schedule (id = project id), added or updated; any other scheduler is removed. Several replicas
 * may do this at once: upserts with the same options are idempotent.
 */
export async function reconcileSchedulers(queue: Queue<RunJobData>, projects: readonly ProjectConfig[]): Promise<{ upserted: string[]; removed: string[] }> {
  const declared = projects.filter((p) => p.schedule);
  for (const p of declared) {
    const s = p.schedule as NonNullable<ProjectConfig['schedule']>;
    const repeat = 'cron' in s ? { pattern: s.cron, tz: s.tz } : { every: s.every };
    await queue.upsertJobScheduler(p.id, repeat, { name: 'run', data: { project: p.id, trigger: 'schedule' }, opts: RUN_JOB_OPTIONS });
  }
  const keep = new Set(declared.map((p) => p.id));
  const removed: string[] = [];
  for (const s of await queue.getJobSchedulers(0, -1, true)) {
    const id = s.id ?? s.key;
    if (keep.has(id)) continue;
    await queue.removeJobScheduler(id);
    removed.push(id);
  }
  return { upserted: declared.map((p) => p.id), removed };
}

export async function listSchedulers(queue: Queue<RunJobData>): Promise<SchedulerView[]> {
  return (await queue.getJobSchedulers(0, -1, true)).map((s) => ({
    id: s.id ?? s.key,
    pattern: s.pattern ?? undefined,
    every: s.every ?? undefined,
    tz: s.tz ?? undefined,
    next: s.next ? new Date(s.next).toISOString() : undefined,
  }));
}
