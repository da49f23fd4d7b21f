import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors/config-error.ts';
import type { CiContext } from './ci-context.ts';

interface GitHubEvent {
  pull_request?: { head?: { repo?: { fork?: boolean; full_name?: string } | null }; base?: { repo?: { full_name?: string } } };
}

const TRIGGERS: Record<string, CiContext['trigger']> = {
  push: 'push',
  schedule: 'schedule',
  workflow_dispatch: 'manual',
  repository_dispatch: 'manual',
  pull_request: 'pull-request',
  pull_request_target: 'pull-request',
  pull_request_review: 'pull-request',
  pull_request_review_comment: 'pull-request',
  merge_group: 'pull-request',
};

/** GitHub Actions: GITHUB_EVENT_NAME and the event's JSON at GITHUB_EVENT_PATH. */
export async function githubContext(env: NodeJS.ProcessEnv): Promise<CiContext> {
  const eventName = env.GITHUB_EVENT_NAME ?? 'unknown';
  let event: GitHubEvent = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as GitHubEvent;
    } catch (error) {
      throw new ConfigError(`cannot read the GitHub event at GITHUB_EVENT_PATH (${env.GITHUB_EVENT_PATH}): ${(error as Error).message}`);
    }
  }
  const trigger = TRIGGERS[eventName] ?? 'other';
  const ref = env.GITHUB_REF ?? '';
  const head = event.pull_request?.head?.repo;
  return {
    platform: 'github',
    trigger,
    eventName,
    branch: trigger === 'pull-request' ? env.GITHUB_BASE_REF || undefined : ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined,
    tag: ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined,
    repository: env.GITHUB_REPOSITORY,
    // A deleted fork has no head repository: as untrusted as any fork.
    fork: trigger === 'pull-request' ? head === null || head?.fork === true || (head?.full_name !== undefined && head.full_name !== event.pull_request?.base?.repo?.full_name) : undefined,
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    token: env.GITHUB_TOKEN || undefined,
    summaryFile: env.GITHUB_STEP_SUMMARY || undefined,
    outputFile: env.GITHUB_OUTPUT || undefined,
    tempDir: env.RUNNER_TEMP || undefined,
    defaultAuthor: 'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>',
  };
}
