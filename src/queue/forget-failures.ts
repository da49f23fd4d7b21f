import type { Queue } from 'bullmq';

const PAGE = 500;

/**
 * Removes failed jobs that have the ids of jobs about to be queued. A job id is a hash of its
 * content, so a failure kept in Redis (jobs that failed after their run had stopped on a refused
 * key) would otherwise stand in for the new job: BullMQ ignores an add with an existing id.
 */
export async function forgetFailures(queue: Queue, ids: readonly string[]): Promise<void> {
  if (!ids.length || !(await queue.getFailedCount())) return;
  const wanted = new Set(ids);
  const stale: string[] = [];
  for (let start = 0; ; start += PAGE) {
    const jobs = await queue.getFailed(start, start + PAGE - 1);
    if (!jobs.length) break;
    for (const job of jobs) if (job?.id && wanted.has(job.id)) stale.push(job.id);
  }
  for (const id of stale) await queue.remove(id).catch(() => {});
}
