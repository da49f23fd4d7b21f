import type { PullRequestRef } from '../publish/pull-request.ts';
import { PublishError } from '../errors/publish-error.ts';

export interface MergeRequestOptions {
  /** CI_API_V4_URL, e.g. https://gitlab.com/api/v4 */
  readonly apiUrl: string;
  readonly projectId: string;
  readonly token: string;
  readonly source: string;
  readonly target: string;
  readonly title: string;
  readonly description: string;
}

/** Opens the one merge request from `source` into `target` through GitLab's REST API, or updates the open one. */
export async function upsertMergeRequest(o: MergeRequestOptions): Promise<PullRequestRef> {
  const base = `${o.apiUrl.replace(/\/+$/, '')}/projects/${encodeURIComponent(o.projectId)}/merge_requests`;
  const call = async (method: string, url: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(url, { method, headers: { 'PRIVATE-TOKEN': o.token, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new PublishError(`GitLab API: ${method} merge request: ${res.status} ${(await res.text()).slice(0, 300).split(o.token).join('***')}`);
    return res.json();
  };
  const query = new URLSearchParams({ state: 'opened', source_branch: o.source, target_branch: o.target });
  const open = (await call('GET', `${base}?${query}`)) as { iid: number; web_url: string }[];
  const fields = { title: o.title, description: o.description };
  if (open[0]) {
    const mr = (await call('PUT', `${base}/${open[0].iid}`, fields)) as { iid: number; web_url: string };
    return { number: mr.iid, url: mr.web_url, created: false };
  }
  const mr = (await call('POST', base, { ...fields, source_branch: o.source, target_branch: o.target, remove_source_branch: true })) as { iid: number; web_url: string };
  return { number: mr.iid, url: mr.web_url, created: true };
}
