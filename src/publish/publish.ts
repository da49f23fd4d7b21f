import { PublishError } from '../errors/publish-error.ts';
import { Git } from './git.ts';
import { pushAuthEnv } from './push-auth.ts';
import { upsertPullRequest, type PullRequestRef } from './pull-request.ts';
import { stageTree } from './stage-tree.ts';

export type PublishMode = 'pull-request' | 'commit' | 'none';

export interface PublishOptions {
  /** A folder inside the git working tree; `paths` are relative to it. */
  readonly cwd: string;
  readonly mode: PublishMode;
  /** The branch the run translated (pull requests go into it; `commit` mode pushes to it). */
  readonly baseBranch: string;
  /** The bot's own branch in `pull-request` mode; default `translate-locales/<baseBranch>`. */
  readonly branch?: string;
  /** Default `origin`. */
  readonly remote?: string;
  /** Files to commit: the changed targets, the memory folder, the state file. */
  readonly paths: readonly string[];
  readonly message: string;
  readonly title: string;
  readonly body: string;
  readonly author: { readonly name: string; readonly email: string };
  /** `owner/name` on GitHub; without it no pull request is opened (the branch is still pushed). */
  readonly repository?: string;
  /** GitHub REST base URL (GITHUB_API_URL). */
  readonly githubApiUrl?: string;
  /** For the push over HTTPS and the API; never stored or printed. */
  readonly token?: string;
  /** User name sent with the token over HTTPS: `x-access-token` (GitHub, default), `oauth2` (GitLab). */
  readonly tokenUser?: string;
  /** Opens or updates the pull/merge request on another host instead of GitHub (GitLab). */
  readonly openPullRequest?: (head: string) => Promise<PullRequestRef>;
}

export interface PublishResult {
  readonly changed: boolean;
  readonly commit?: string;
  readonly branch?: string;
  readonly pullRequest?: PullRequestRef;
  /** One line for logs: what was done, or why nothing was. */
  readonly summary: string;
}

/** Trailer on every commit this tool makes: how `commit` mode recognises its own commits. */
export const COMMIT_TRAILER = 'Translated-by: translate-locales';

export function defaultPublishBranch(baseBranch: string): string {
  return `translate-locales/${baseBranch}`;
}

/**
 * Commits what a run changed and proposes it: `pull-request` force-updates the bot's own branch
 * and opens one pull request (or updates the open one); `commit` pushes onto the base branch;
 * `none` only says whether anything changed. Nothing changed: no commit, no push, no API call.
 */
export async function publish(options: PublishOptions): Promise<PublishResult> {
  const remote = options.remote ?? 'origin';
  const git = new Git({ cwd: options.cwd, secrets: options.token ? [options.token] : [] });
  const head = await git.run(['rev-parse', '--verify', 'HEAD^{commit}']);
  const tree = await stageTree(git, head, options.cwd, options.paths);
  if (tree === (await git.run(['rev-parse', 'HEAD^{tree}']))) return { changed: false, summary: 'up to date: nothing to commit' };
  if (options.mode === 'none') return { changed: true, summary: 'changed; not published (mode none)' };

  const branch = options.mode === 'commit' ? (options.branch ?? options.baseBranch) : (options.branch ?? defaultPublishBranch(options.baseBranch));
  if (options.mode === 'pull-request' && branch === options.baseBranch) throw new PublishError(`the pull request branch must differ from the base branch "${branch}"`);
  const url = await git.run(['remote', 'get-url', '--push', remote]);
  const authed = git.with(pushAuthEnv(url, options.token, options.tokenUser));

  let published: string | undefined;
  if (options.mode === 'pull-request') {
    published = (await authed.run(['ls-remote', '--heads', remote, `refs/heads/${branch}`])).split(/\s/)[0] || undefined;
    if (published) {
      await authed.run(['fetch', '--no-tags', '--quiet', remote, `refs/heads/${branch}`]);
      if ((await git.run(['rev-parse', 'FETCH_HEAD^{tree}'])) === tree) {
        return { changed: false, branch, summary: `up to date: ${branch} already has these changes` };
      }
    }
  }

  const author = {
    GIT_AUTHOR_NAME: options.author.name,
    GIT_AUTHOR_EMAIL: options.author.email,
    GIT_COMMITTER_NAME: options.author.name,
    GIT_COMMITTER_EMAIL: options.author.email,
  };
  const commit = await git.with(author).run(['commit-tree', tree, '-p', head, '-m', `${options.message.trim()}\n\n${COMMIT_TRAILER}`]);
  if (options.mode === 'commit') {
    await authed.run(['push', '--quiet', remote, `${commit}:refs/heads/${branch}`]);
    // The working copy follows the commit it pushed; the files on disk are already its content.
    await git.run(['update-ref', '-m', 'translate-locales: commit', 'HEAD', commit, head]);
    await git.run(['reset', '--quiet']);
    return { changed: true, commit, branch, summary: `committed ${commit.slice(0, 12)} to ${branch}` };
  }
  // Only the bot's own branch is force-updated, and only from the state this run saw.
  await authed.run(['push', '--quiet', `--force-with-lease=refs/heads/${branch}:${published ?? ''}`, remote, `${commit}:refs/heads/${branch}`]);
  const pullRequest = options.openPullRequest
    ? await options.openPullRequest(branch)
    : options.repository
      ? await upsertPullRequest({
          repository: options.repository,
          head: branch,
          base: options.baseBranch,
          title: options.title,
          body: options.body,
          token: options.token,
          apiUrl: options.githubApiUrl,
        })
      : undefined;
  const what = pullRequest ? `; pull request #${pullRequest.number} ${pullRequest.created ? 'opened' : 'updated'}: ${pullRequest.url}` : '';
  return { changed: true, commit, branch, pullRequest, summary: `pushed ${commit.slice(0, 12)} to ${branch}${what}` };
}
