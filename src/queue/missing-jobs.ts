import type { Queue } from 'bullmq';

/** The ids among `ids` whose job is no longer in Redis (it was restarted with nothing kept, or emptied). */
export async function missingJobs(queue: Queue, ids: readonly string[], chunk = 500): Promise<string[]> {
  const client = await queue.client;
  const missing: string[] = [];
  for (let i = 0; i < ids.length; i += chunk) {
    const part = ids.slice(i, i + chunk);
    // Sent together, answered in order: one round trip per chunk.
    const counts = await Promise.all(part.map((id) => client.hexists(queue.toKey(id), 'timestamp')));
    counts.forEach((count, k) => {
      if (count === 0) missing.push(part[k]);
    });
  }
  return missing;
}
