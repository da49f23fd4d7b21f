import type { Redis } from 'ioredis';
import type { RunReport } from '../pipeline/run-report.ts';
import { DEFAULT_PREFIX } from '../queue/queue-names.ts';

export type RunTrigger = 'schedule' | 'manual';
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'skipped';

export interface PublishedRef {
  readonly changed: boolean;
  readonly branch?: string;
  readonly commit?: string;
  readonly pullRequest?: string;
}

/** One run as `/runs` and `schedule list` show it. Never holds a secret. */
export interface RunRecord {
  readonly id: string;
  readonly project: string;
  readonly trigger: RunTrigger;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Why it was skipped or failed, or that it was interrupted and resumes. */
  readonly reason?: string;
  readonly report?: Omit<RunReport, 'peakMemoryMb'>;
  readonly published?: PublishedRef;
  /** host:pid of the service process that ran it (last, after a takeover). */
  readonly by?: string;
  /** While running: segments and files done so far, from the run's progress events. */
  readonly progress?: { readonly segmentsDone: number; readonly segmentsTotal: number; readonly filesDone: number; readonly filesTotal: number };
}

const KEEP = 100;
const INDEX = `${DEFAULT_PREFIX}:service:runs`;
const DATA = `${DEFAULT_PREFIX}:service:runs:data`;

/** The last runs of every project, kept in Redis so that every replica shows the same list. */
export class RunRecords {
  constructor(private readonly redis: Redis) {}

  async get(id: string): Promise<RunRecord | undefined> {
    const text = await this.redis.hget(DATA, id);
    return text ? (JSON.parse(text) as RunRecord) : undefined;
  }

  async save(record: RunRecord): Promise<void> {
    await this.redis.multi().hset(DATA, record.id, JSON.stringify(record)).zadd(INDEX, Date.parse(record.startedAt), record.id).exec();
    const old = await this.redis.zrange(INDEX, 0, -(KEEP + 1));
    if (old.length) await this.redis.multi().zrem(INDEX, ...old).hdel(DATA, ...old).exec();
  }

  /** Newest first. */
  async list(limit = KEEP): Promise<RunRecord[]> {
    const ids = await this.redis.zrevrange(INDEX, 0, limit - 1);
    if (!ids.length) return [];
    const texts = await this.redis.hmget(DATA, ...ids);
    return texts.filter((t): t is string => t !== null).map((t) => JSON.parse(t) as RunRecord);
  }
}
