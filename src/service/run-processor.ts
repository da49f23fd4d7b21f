import { hostname } from 'node:os';
import path from 'node:path';
import { WaitingError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { ConfigError } from '../errors/config-error.ts';
import { loadConfig } from '../config/load-config.ts';
import { paidModel, type ModelInfo } from '../config/models.ts';
import type { LocalWorkers } from '../run/local-workers.ts';
import { limiterScope } from '../queue/queue-names.ts';
import { Run } from '../run/run.ts';
import type { ProjectLock } from './project-lock.ts';
import { publishRun } from './publish-run.ts';
import type { RunRecord, RunRecords, RunStatus, RunTrigger } from './run-records.ts';
import { publishBranch, type ProjectConfig, type ServiceConfig } from './service-config.ts';
import type { ServiceMetrics } from './service-metrics.ts';
import { assertTrustedEndpoint } from './trusted-endpoint.ts';
import { WorkingCopy } from './working-copy.ts';

const PROGRESS_EVERY_MS = 1_000;

export interface RunJobData {
  readonly project: string;
  readonly trigger: RunTrigger;
}

export interface RunProcessorOptions {
  readonly service: ServiceConfig;
  readonly lock: ProjectLock;
  readonly records: RunRecords;
  readonly metrics: ServiceMetrics;
  readonly logger: Logger;
  /** The in-process translate worker each run starts. */
  readonly workers: LocalWorkers;
  readonly env?: NodeJS.ProcessEnv;
}

/** Where a run's files are: a working copy under `dataDir`, or a folder used in place. */
interface ProjectFolder {
  readonly dir: string;
  readonly git: boolean;
}

/**
 * Serves one job of the `runs` queue: takes the project's lock (another run still going: skip and say
 * so), brings the working copy up to date, runs the pipeline through `Run`, publishes, and records
 * the run for `/runs` and `/metrics`. A run cut short by shutdown goes back to the queue.
 */
export class RunProcessor {
  private readonly active = new Set<Run>();
  private stopping?: string;
  private readonly by = `${hostname()}:${process.pid}`;

  constructor(private readonly options: RunProcessorOptions) {}

  /** Cancels the runs in progress (their queued work stays in Redis); their jobs go back to the queue. */
  stop(reason: string): void {
    this.stopping ??= reason;
    for (const run of this.active) run.cancel(reason);
  }

  async process(job: Job<RunJobData>, token?: string): Promise<RunStatus> {
    const { logger, service, lock } = this.options;
    const id = job.id ?? job.name;
    const base = { id, project: job.data.project, trigger: job.data.trigger, startedAt: new Date().toISOString(), by: this.by };
    const project = service.projects.find((p) => p.id === job.data.project);
    if (!project) return this.finish({ ...base, status: 'skipped', reason: `project "${job.data.project}" is not declared in ${service.configPath}` });
    const held = await lock.hold(project.id, id, this.by, () => this.execute(job, project, base, token));
    if ('result' in held) return held.result;
    // Our own run, still alive elsewhere (its lock is renewed): that process finishes it.
    if (held.busy === id) throw new Error(`run ${id} is still held by another service process`);
    const reason = `a run of "${project.id}" is still going (${held.busy}); this ${job.data.trigger === 'schedule' ? 'tick' : 'trigger'} is skipped`;
    logger.warn({ project: project.id, run: id, busy: held.busy }, reason);
    return this.finish({ ...base, status: 'skipped', reason });
  }

  private async execute(job: Job<RunJobData>, project: ProjectConfig, first: Omit<RunRecord, 'status'>, token?: string): Promise<RunStatus> {
    const { records, logger, metrics } = this.options;
    const previous = await records.get(first.id);
    const base = { ...first, startedAt: previous?.startedAt ?? first.startedAt };
    await records.save({ ...base, status: 'running', reason: previous ? `resumed by ${this.by}` : undefined });
    logger.info({ project: project.id, run: base.id, trigger: base.trigger }, previous ? 'run resumed' : 'run started');
    const started = Date.now();
    try {
      const folder = await this.prepare(project);
      const config = await loadConfig(insideFolder(folder.dir, project.config), { redis: this.options.service.redisUrl });
      assertTrustedEndpoint(config, this.options.env ?? process.env);
      metrics.knowLimits(limiterScope(config.baseUrl, config.model.name), config.rpm, config.tpm);
      const run = new Run({ config, logger, workers: this.options.workers, maxCost: project.maxCost });
      const running = { ...base, status: 'running' as const };
      let saved = 0;
      let saving: Promise<void> | undefined;
      run.on('event', (e) => {
        // At most one write a second, one at a time: /runs shows how far a long run is.
        if (e.type !== 'progress' || saving || Date.now() - saved < PROGRESS_EVERY_MS) return;
        saved = Date.now();
        const { segmentsDone, segmentsTotal, filesDone, filesTotal } = e;
        saving = records.save({ ...running, progress: { segmentsDone, segmentsTotal, filesDone, filesTotal } }).catch(() => {}).finally(() => (saving = undefined));
      });
      this.active.add(run);
      if (this.stopping) run.cancel(this.stopping);
      const outcome = await run.start().finally(() => this.active.delete(run));
      run.removeAllListeners('event');
      // The last progress write lands before the outcome, never after it.
      await saving;
      const { peakMemoryMb: _peak, ...report } = outcome.report;
      if (this.stopping && report.aborted) {
        await records.save({ ...base, status: 'running', reason: `interrupted (${this.stopping}); resumes on the next start or on another replica`, report });
        await job.moveToWait(token);
        throw new WaitingError();
      }
      const publishable = folder.git && outcome.exitCode !== 2 && !report.aborted && project.publish.mode !== 'none';
      const published = publishable ? await publishRun({ cwd: folder.dir, project, config, report: outcome.report, author: this.options.service.author, env: this.options.env ?? process.env }) : undefined;
      const status: RunStatus = outcome.exitCode === 0 ? 'succeeded' : 'failed';
      const reason = report.aborted ?? (outcome.exitCode === 2 ? 'the estimate is over maxCost; nothing was sent' : outcome.exitCode === 1 ? 'some files failed; the others were published' : undefined);
      return await this.finish({ ...base, status, reason, report, published }, (Date.now() - started) / 1000, paidModel(config));
    } catch (error) {
      if (error instanceof WaitingError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      logger.error({ project: project.id, run: base.id, error: reason }, 'run failed');
      return this.finish({ ...base, status: 'failed', reason }, (Date.now() - started) / 1000);
    }
  }

  private async prepare(project: ProjectConfig): Promise<ProjectFolder> {
    const { service, env = process.env } = this.options;
    if (project.path !== undefined) return { dir: path.resolve(path.dirname(service.configPath), project.path), git: false };
    const repo = project.repo as string;
    // A local path is relative to service.json, as every path in it.
    const remote = /^[\w+.-]+:\/\/|^[^/]+@[^/]+:/.test(repo) ? repo : path.resolve(path.dirname(service.configPath), repo);
    const copy = new WorkingCopy({
      dir: path.join(service.dataPath, 'projects', project.id),
      repo: remote, branch: project.branch, config: project.config, token: env.GITHUB_TOKEN,
      publishBranch: project.publish.mode === 'pull-request' ? publishBranch(project) : undefined,
    });
    await copy.update();
    return { dir: copy.dir, git: true };
  }

  private async finish(record: RunRecord, seconds?: number, model?: ModelInfo): Promise<RunStatus> {
    const finished = { ...record, finishedAt: new Date().toISOString() };
    await this.options.records.save(finished);
    this.options.metrics.recordRun(record.project, record.status, seconds, finished.report, model);
    this.options.logger.info({ project: record.project, run: record.id, status: record.status, reason: record.reason, published: record.published }, 'run finished');
    return record.status;
  }
}

/** The project's config file, which must lie inside its folder (service.json and repositories are not trusted to stay in). */
function insideFolder(dir: string, file: string): string {
  const full = path.resolve(dir, file);
  const rel = path.relative(dir, full);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) throw new ConfigError(`config "${file}" is outside the project folder`);
  return full;
}
