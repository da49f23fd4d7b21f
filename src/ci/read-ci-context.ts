import type { CiContext } from './ci-context.ts';
import { githubContext } from './github-context.ts';
import { gitlabContext } from './gitlab-context.ts';

/** GitHub Actions first, GitLab CI second; elsewhere a plain run on a manual trigger. */
export async function readCiContext(env: NodeJS.ProcessEnv): Promise<CiContext> {
  if (env.GITHUB_ACTIONS === 'true') return githubContext(env);
  if (env.GITLAB_CI === 'true') return gitlabContext(env);
  return { platform: 'none', trigger: 'manual', eventName: 'local', defaultAuthor: 'translate-locales <translate-locales@noreply.invalid>' };
}
