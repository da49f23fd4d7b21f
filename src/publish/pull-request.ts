import { Octokit } from '@octokit/rest';
import { PublishError } from '../errors/publish-error.ts';

export interface PullRequestOptions {
  /** `owner/name`. */
  readonly repository: string;
  readonly head: string;
  readonly base: string;
  readonly title: string;
  readonly body: string;
  readonly token?: string;
  /** REST base URL (GITHUB_API_URL); default https://api.github.com. */
  readonly apiUrl?: string;
}

export interface PullRequestRef {
  readonly number: number;
  readonly url: string;
  /** False when an open one was updated in place. */
  readonly created: boolean;
}

/** Opens the one pull request from `head` into `base`, or updates the open one's title and body. */
export async function upsertPullRequest(options: PullRequestOptions): Promise<PullRequestRef> {
  const [owner, repo, extra] = options.repository.split('/');
  if (!owner || !repo || extra !== undefined) throw new PublishError(`repository must be owner/name, not "${options.repository}"`);
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: 'translate-locales',
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  try {
    const open = await octokit.rest.pulls.list({ owner, repo, state: 'open', head: `${owner}:${options.head}`, base: options.base, per_page: 1 });
    const existing = open.data[0];
    if (existing) {
      const updated = await octokit.rest.pulls.update({ owner, repo, pull_number: existing.number, title: options.title, body: options.body });
      return { number: updated.data.number, url: updated.data.html_url, created: false };
    }
    const made = await octokit.rest.pulls.create({ owner, repo, head: options.head, base: options.base, title: options.title, body: options.body });
    return { number: made.data.number, url: made.data.html_url, created: true };
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    const message = (error as Error).message;
    const hint = status === 403 || status === 401 ? ' (does the token have pull-requests: write?)' : '';
    throw new PublishError(`GitHub API: ${typeof status === 'number' ? `${status} ` : ''}${redact(message, options.token)}${hint}`);
  }
}

function redact(text: string, token: string | undefined): string {
  return token ? text.split(token).join('***') : text;
}
