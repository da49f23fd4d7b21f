import path from 'node:path';
import type { ResolvedConfig } from '../config/load-config.ts';
import { machineName, paidModel } from '../config/models.ts';
import type { RunReport } from '../pipeline/run-report.ts';
import { publish } from '../publish/publish.ts';
import { tokenCost } from '../pipeline/estimate-cost.ts';
import { PULL_REQUEST_BODY_MAX_BYTES, reportMarkdown } from '../report/report-markdown.ts';
import type { PublishedRef } from './run-records.ts';
import { publishBranch, type ProjectConfig, type ServiceConfig } from './service-config.ts';

export interface PublishRunOptions {
  /** The working copy's root. */
  readonly cwd: string;
  readonly project: ProjectConfig;
  readonly config: ResolvedConfig;
  readonly report: RunReport;
  readonly author: ServiceConfig['author'];
  readonly env: NodeJS.ProcessEnv;
}

/** Publishes what a service run wrote (targets and the memory folder) as the project's `publish` block says. */
export async function publishRun(options: PublishRunOptions): Promise<PublishedRef> {
  const { cwd, project, config, report, env } = options;
  const inRepo = (file: string) => path.relative(cwd, path.resolve(config.root, file));
  const paths = [...report.files.filter((f) => f.status !== 'failed').map((f) => inRepo(f.target)), inRepo(config.memory.dir)];
  const mode = project.publish.mode;
  const model = paidModel(config);
  const result = await publish({
    cwd,
    mode,
    baseBranch: project.branch,
    branch: mode === 'pull-request' ? publishBranch(project) : undefined,
    paths,
    message: `Translate ${project.id} (${config.targets.map((t) => t.locale).join(', ')})`,
    title: `Translations for ${project.branch} (${project.id})`,
    body: reportMarkdown(report, { title: `translate-locales: ${project.id}`, maxBytes: PULL_REQUEST_BODY_MAX_BYTES, model: machineName(model), cost: tokenCost(model, report.totals.promptTokens, report.totals.completionTokens) }),
    author: options.author,
    repository: project.publish.repository,
    githubApiUrl: env.GITHUB_API_URL,
    token: env.GITHUB_TOKEN,
  });
  return { changed: result.changed, branch: result.branch, commit: result.commit, pullRequest: result.pullRequest?.url };
}
