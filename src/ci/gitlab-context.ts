import type { CiContext } from './ci-context.ts';

const TRIGGERS: Record<string, CiContext['trigger']> = {
  push: 'push',
  schedule: 'schedule',
  web: 'manual',
  api: 'manual',
  trigger: 'manual',
  pipeline: 'manual',
  merge_request_event: 'pull-request',
  external_pull_request_event: 'pull-request',
};

/** GitLab CI: CI_PIPELINE_SOURCE and the CI_* variables; GITLAB_TOKEN (api, write_repository) to publish. */
export function gitlabContext(env: NodeJS.ProcessEnv): CiContext {
  const eventName = env.CI_PIPELINE_SOURCE ?? 'unknown';
  const trigger = TRIGGERS[eventName] ?? 'other';
  const mr = trigger === 'pull-request';
  return {
    platform: 'gitlab',
    trigger,
    eventName,
    branch: (mr ? env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME : env.CI_COMMIT_BRANCH) || undefined,
    tag: env.CI_COMMIT_TAG || undefined,
    repository: env.CI_PROJECT_PATH,
    fork: mr ? env.CI_MERGE_REQUEST_SOURCE_PROJECT_ID !== env.CI_MERGE_REQUEST_PROJECT_ID : undefined,
    apiUrl: env.CI_API_V4_URL,
    token: env.GITLAB_TOKEN || undefined,
    projectId: env.CI_PROJECT_ID,
    defaultAuthor: 'translate-locales <translate-locales@noreply.invalid>',
  };
}
