import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitLabStubRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: Record<string, unknown> | undefined;
  readonly token?: string;
}

interface MergeRequest {
  iid: number;
  source_branch: string;
  target_branch: string;
  title: string;
  description: string;
  state: 'opened' | 'merged' | 'closed';
  web_url: string;
}

/** A local stand-in for GitLab's merge request REST endpoints (list, create, update), recording requests. */
export class GitLabStub {
  readonly requests: GitLabStubRequest[] = [];
  readonly mergeRequests: MergeRequest[] = [];
  private server?: Server;

  /** Returns the API base, as CI_API_V4_URL holds it. */
  async listen(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://stub');
      let text = '';
      for await (const chunk of req) text += String(chunk);
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body, token: req.headers['private-token'] as string | undefined });
      const send = (status: number, data: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(data));
      };
      const m = /^\/api\/v4\/projects\/([^/]+)\/merge_requests(?:\/(\d+))?$/.exec(url.pathname);
      if (!m) return send(404, { message: '404 Not Found' });
      if (!m[2] && req.method === 'GET') {
        const q = url.searchParams;
        return send(200, this.mergeRequests.filter((mr) => mr.state === q.get('state') && mr.source_branch === q.get('source_branch') && mr.target_branch === q.get('target_branch')));
      }
      if (!m[2] && req.method === 'POST') {
        const iid = this.mergeRequests.length + 1;
        const mr: MergeRequest = { iid, source_branch: String(body?.source_branch), target_branch: String(body?.target_branch), title: String(body?.title), description: String(body?.description), state: 'opened', web_url: `https://gitlab.example/acme/docs/-/merge_requests/${iid}` };
        this.mergeRequests.push(mr);
        return send(201, mr);
      }
      const mr = this.mergeRequests.find((x) => x.iid === Number(m[2]));
      if (!mr) return send(404, { message: '404 Not found' });
      if (req.method === 'PUT') Object.assign(mr, { title: body?.title ?? mr.title, description: body?.description ?? mr.description });
      return send(200, mr);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v4`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
