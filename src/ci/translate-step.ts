import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { ConfigError } from '../errors/config-error.ts';
import type { ResolvedConfig } from '../config/load-config.ts';
import { machineName, paidModel } from '../config/models.ts';
import type { ProgressMode } from '../cli/progress-display.ts';
import { startRun } from '../cli/run-command.ts';
import { formatProblems, formatSummary } from '../cli/summary.ts';
import { tokenCost } from '../pipeline/estimate-cost.ts';
import type { RunReport } from '../pipeline/run-report.ts';
import { adoptPublished } from '../publish/adopt-published.ts';
import { Git } from '../publish/git.ts';
import { defaultPublishBranch, publish, type PublishMode, type PublishResult } from '../publish/publish.ts';
import { JOB_SUMMARY_MAX_BYTES, PULL_REQUEST_BODY_MAX_BYTES, reportMarkdown } from '../report/report-markdown.ts';
import type { LocalWorkers } from '../run/local-workers.ts';
import { requireApiKey } from '../run/require-api-key.ts';
import type { CiContext } from './ci-context.ts';
import { parseAuthor } from './parse-author.ts';
import { upsertMergeRequest } from './gitlab-merge-request.ts';
import { appendSummary, writeOutputs } from './workflow-commands.ts';
import { plural } from '../util/plural.ts';

export interface TranslateStepOptions {
  readonly config: ResolvedConfig;
  readonly ctx: CiContext;
  readonly publish: PublishMode;
  readonly maxCost?: number;
  readonly progress: ProgressMode;
  readonly logger: Logger;
  readonly workers: LocalWorkers;
  readonly reportFile?: string;
  /** `Name <email>`; default the platform's bot. */
  readonly author?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly reason: string;
}

async function currentBranch(cwd: string): Promise<string> {
  const name = await new Git({ cwd }).run(['rev-parse', '--abbrev-ref', 'HEAD']);
  if (name === 'HEAD') throw new ConfigError('cannot tell which branch this is (detached HEAD): check out a branch, or use --mode none');
  return name;
}

function commitMessage(report: RunReport, locales: string): string {
  const written = report.files.filter((f) => f.status === 'written').length;
  return `Update translations (${locales})\n\n${written} ${plural(written, 'file')} written: ${report.totals.translated} ${plural(report.totals.translated, 'segment')} translated, ${report.totals.reused} reused from the memory.`;
}

/** Trusted events: translate what changed (the memory makes it incremental), then publish it. */
export async function translateStep(o: TranslateStepOptions): Promise<number> {
  const { config, ctx } = o;
  const out = (line: string) => process.stdout.write(line + '\n');
  requireApiKey(config, o.env, 'a push, schedule or manual run translates: pass the key from a secret, e.g. the action\'s api-key input; pull requests get only the offline check');
  out(`translate-locales ci: ${o.reason}`);
  const baseBranch = ctx.branch ?? (o.publish === 'none' ? 'HEAD' : await currentBranch(config.root));
  const tokenUser = ctx.platform === 'gitlab' ? 'oauth2' : undefined;
  if (o.publish === 'pull-request') {
    const adopted = await adoptPublished({ cwd: config.root, branch: defaultPublishBranch(baseBranch), memoryDir: config.memory.dir, token: ctx.token, tokenUser });
    if (adopted.length) out(`took ${adopted.length} memory files from the open pull request's branch (nothing is paid twice)`);
  }
  const reportFile = path.resolve(o.reportFile ?? path.join(ctx.tempDir ?? os.tmpdir(), `translate-locales-report-${process.pid}.json`));
  const { report, exitCode } = await startRun(config, { stderr: process.stderr, env: o.env }, { logger: o.logger, workers: o.workers, progress: o.progress, maxCost: o.maxCost, reportFile });
  out(formatSummary(report));
  const problems = formatProblems(report);
  if (problems) out(problems);
  const locales = config.targets.map((t) => t.locale).join(', ');
  const markdown = (maxBytes: number, footer?: string) =>
    reportMarkdown(report, {
      title: `translate-locales: ${locales}`,
      groupNames: config.files.map((f) => f.source),
      cost: tokenCost(paidModel(config), report.totals.promptTokens, report.totals.completionTokens),
      model: machineName(paidModel(config)),
      maxBytes,
      footer,
    });
  let result: PublishResult = { changed: false, summary: 'nothing published: the run was refused before any request (over --max-cost)' };
  if (exitCode !== 2) {
    const memory = config.memory.dir;
    result = await publish({
      cwd: config.root,
      mode: o.publish,
      baseBranch,
      paths: [...new Set(report.files.filter((f) => f.status !== 'failed').map((f) => f.target)), path.join(memory, 'memory'), path.join(memory, 'state.json')],
      message: commitMessage(report, locales),
      title: `Update translations (${locales})`,
      body: markdown(PULL_REQUEST_BODY_MAX_BYTES, '_Opened and updated by translate-locales; each push to the base branch updates this pull request._'),
      author: parseAuthor(o.author ?? ctx.defaultAuthor),
      repository: ctx.platform === 'github' ? ctx.repository : undefined,
      githubApiUrl: ctx.apiUrl,
      token: ctx.token,
      tokenUser,
      openPullRequest:
        ctx.platform === 'gitlab' && ctx.apiUrl && ctx.projectId && ctx.token
          ? (head) => upsertMergeRequest({ apiUrl: ctx.apiUrl!, projectId: ctx.projectId!, token: ctx.token!, source: head, target: baseBranch, title: `Update translations (${locales})`, description: markdown(PULL_REQUEST_BODY_MAX_BYTES) })
          : undefined,
    });
  }
  out(result.summary);
  await appendSummary(ctx.summaryFile, markdown(JOB_SUMMARY_MAX_BYTES - 4096) + `\n**Published:** ${result.summary}\n`);
  await writeOutputs(ctx.outputFile, {
    changed: String(result.changed),
    'pull-request-url': result.pullRequest?.url ?? '',
    'pull-request-number': result.pullRequest ? String(result.pullRequest.number) : '',
    report: reportFile,
  });
  return exitCode;
}
