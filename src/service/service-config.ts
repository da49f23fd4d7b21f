import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors/config-error.ts';

const DURATION = /^(\d+)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** `"30s"`, `"15m"`, `"2h"`, `"500ms"` or a number of milliseconds. */
const duration = z.union([
  z.number().int().min(1_000, 'at least 1000 ms'),
  z.string().regex(DURATION, 'a duration like "30s", "15m" or "2h"').transform((v, ctx) => {
    const [, n, unit] = DURATION.exec(v) as RegExpExecArray;
    const ms = Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS];
    if (ms < 1_000) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'at least 1s' });
    return ms;
  }),
]);

const schedule = z.union([
  z.object({ cron: z.string().min(1), tz: z.string().min(1).optional() }).strict(),
  z.object({ every: duration }).strict(),
]);

const publish = z
  .object({
    mode: z.enum(['pull-request', 'commit', 'none']).default('pull-request'),
    /** The bot's branch for `pull-request`; default `translate-locales/<branch>`. */
    branch: z.string().min(1).optional(),
    /** `owner/name` on GitHub, for the pull request. */
    repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'owner/name').optional(),
  })
  .strict();

/** A git branch name that git itself would accept, and that cannot be read as an option. */
const branchName = z.string().regex(/^(?!-)(?!.*\.\.)(?!.*\/\/)[\w./-]+(?<![./])$/, 'a git branch name');

const project = z
  .object({
    /** Names the scheduler, the working copy folder and the metrics label. */
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'letters, digits, "-" and "_" (at most 64)'),
    /** Any git URL or a local path; the branch is fetched into a working copy under `dataDir`. */
    repo: z.string().min(1).refine((v) => !v.startsWith('-'), 'a git URL or path (not an option)').optional(),
    /** A folder translated in place, without git (instead of `repo`). */
    path: z.string().min(1).optional(),
    branch: branchName.default('main'),
    /** The project's translate-locales config, relative to the repository root. */
    config: z
      .string()
      .min(1)
      .refine((v) => !path.isAbsolute(v) && !v.split(/[\\/]/).includes('..'), 'a path inside the repository')
      .default('translate-locales.config.json'),
    schedule: schedule.optional(),
    publish: publish.default({}),
    /** Refuse a run whose estimate (USD) is higher. */
    maxCost: z.number().nonnegative().optional(),
  })
  .strict()
  .refine((p) => (p.repo === undefined) !== (p.path === undefined), { message: 'give either "repo" or "path"' })
  .refine((p) => p.publish.branch === undefined || branchName.safeParse(p.publish.branch).success, { message: 'publish.branch: a git branch name' });

export const serviceConfigSchema = z
  .object({
    projects: z.array(project).min(1),
    /** Working copies and the service's own files; relative to service.json. */
    dataDir: z.string().min(1).default('.translate-locales-service'),
    redis: z.object({ url: z.string().min(1).optional() }).strict().default({}),
    /** How long SIGTERM waits for runs and requests in flight. */
    shutdownTimeoutMs: z.number().int().min(0).default(30_000),
    /** A run whose service died is taken over by another replica after this long. */
    lockDurationMs: z.number().int().min(1_000).default(30_000),
    /** Runs one service process works on at once (of different projects). */
    runConcurrency: z.number().int().min(1).max(64).default(2),
    /** `readOnly: false` lets dashboard users retry, promote and remove jobs. */
    dashboard: z.object({ readOnly: z.boolean().default(true) }).strict().default({}),
    /** Author of the commits the service makes. */
    author: z.object({ name: z.string().min(1), email: z.string().min(3) }).strict().default({ name: 'translate-locales', email: 'translate-locales@users.noreply.github.com' }),
  })
  .strict()
  .refine((c) => new Set(c.projects.map((p) => p.id)).size === c.projects.length, { message: 'project ids must be unique' });

export type ServiceConfigInput = z.input<typeof serviceConfigSchema>;
export type ProjectConfig = z.infer<typeof project>;

export interface ServiceConfig extends z.infer<typeof serviceConfigSchema> {
  readonly configPath: string;
  /** Absolute. */
  readonly dataPath: string;
  readonly redisUrl: string;
}

/** Reads and checks `service.json`; every problem is reported with its path in the file. */
export async function loadServiceConfig(file: string, overrides: { redis?: string } = {}, env: NodeJS.ProcessEnv = process.env): Promise<ServiceConfig> {
  const configPath = path.resolve(file);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(configPath, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? `${configPath}: service config not found (pass --config FILE)` : `${configPath}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = serviceConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
    throw new ConfigError(`${configPath}: ${issues.join('; ')}`);
  }
  const root = path.dirname(configPath);
  return {
    ...parsed.data,
    configPath,
    dataPath: path.resolve(root, parsed.data.dataDir),
    redisUrl: overrides.redis ?? parsed.data.redis.url ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}

/** The bot branch a project publishes to. */
export function publishBranch(p: ProjectConfig): string {
  return p.publish.branch ?? `translate-locales/${p.branch}`;
}
