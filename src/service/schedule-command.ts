import { Queue } from 'bullmq';
import { checkRedis } from '../queue/check-redis.ts';
import { DEFAULT_PREFIX, RUNS_QUEUE } from '../queue/queue-names.ts';
import { createConnection } from '../queue/redis-connection.ts';
import { ConfigError } from '../errors/config-error.ts';
import type { RunJobData } from './run-processor.ts';
import { RunRecords, type RunRecord } from './run-records.ts';
import { listSchedulers, RUN_JOB_OPTIONS, type SchedulerView } from './schedulers.ts';
import type { ServiceConfig } from './service-config.ts';
import type { Output } from '../cli/cli-io.ts';

export interface ScheduleCommandOptions {
  readonly json: boolean;
  /** `trigger`: the project to run now. */
  readonly project?: string;
  readonly stdout?: Output;
}

/** `translate-locales schedule list|trigger`: what the service has scheduled and has run; a run now. */
export async function scheduleCommand(config: ServiceConfig, action: 'list' | 'trigger', options: ScheduleCommandOptions): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  await checkRedis(config.redisUrl);
  const connection = createConnection({ url: config.redisUrl });
  const queue = new Queue<RunJobData>(RUNS_QUEUE, { connection, prefix: DEFAULT_PREFIX });
  try {
    if (action === 'trigger') {
      const id = options.project ?? '';
      if (!config.projects.some((p) => p.id === id)) throw new ConfigError(`no project "${id}" in ${config.configPath} (declared: ${config.projects.map((p) => p.id).join(', ')})`);
      const job = await queue.add('run', { project: id, trigger: 'manual' }, { ...RUN_JOB_OPTIONS, jobId: `manual-${id}-${Date.now()}` });
      stdout.write(options.json ? JSON.stringify({ queued: job.id, project: id }) + '\n' : `queued run ${job.id} of ${id}\n`);
      return 0;
    }
    const schedulers = await listSchedulers(queue);
    const runs = await new RunRecords(connection).list(20);
    stdout.write(options.json ? JSON.stringify({ schedulers, runs }, null, 2) + '\n' : formatList(schedulers, runs));
    return 0;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

function formatList(schedulers: readonly SchedulerView[], runs: readonly RunRecord[]): string {
  const lines = ['schedulers:'];
  if (!schedulers.length) lines.push('  (none)');
  for (const s of schedulers) lines.push(`  ${s.id}  ${s.pattern ? `cron "${s.pattern}"${s.tz ? ` ${s.tz}` : ''}` : `every ${s.every} ms`}  next ${s.next ?? '-'}`);
  lines.push('last runs:');
  if (!runs.length) lines.push('  (none)');
  for (const r of runs) lines.push(`  ${r.startedAt}  ${r.project}  ${r.trigger}  ${r.status}${r.reason ? `  (${r.reason})` : ''}${r.published?.pullRequest ? `  ${r.published.pullRequest}` : ''}`);
  return lines.join('\n') + '\n';
}
