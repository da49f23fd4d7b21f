import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** One request the stub received. */
export interface StubRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
  readonly authorization?: string;
}

export interface StubPull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  html_url: string;
}

/**
 * A local stand-in for the GitHub REST API's pull request endpoints (list, create, update, get),
 * recording every request; `failNext(status)` answers the next request with an error. Enough for
 * octokit; never the network.
 */
export class GitHubStub {
  readonly requests: StubRequest[] = [];
  readonly pulls: StubPull[] = [];
  private failures: number[] = [];
  private server?: Server;
  private base = '';

  /** Starts on a free loopback port; returns the API base URL (what GITHUB_API_URL holds). */
  async listen(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  failNext(status: number): void {
    this.failures.push(status);
  }

  reset(): void {
    this.requests.length = 0;
    this.pulls.length = 0;
    this.failures = [];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const body: unknown = text ? JSON.parse(text) : undefined;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body, authorization: req.headers.authorization });
    const send = (status: number, data: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(data));
    };
    const failure = this.failures.shift();
    if (failure) return send(failure, { message: `stub failure ${failure}` });
    const m = /^\/repos\/([^/]+)\/([^/]+)\/pulls(?:\/(\d+))?$/.exec(url.pathname);
    if (!m) return send(404, { message: 'Not Found' });
    const [, owner, repo, num] = m;
    const input = (body ?? {}) as Partial<StubPull>;
    if (!num && req.method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open';
      const head = url.searchParams.get('head');
      const base = url.searchParams.get('base');
      return send(200, this.pulls.filter((p) => (state === 'all' || p.state === state) && (!head || `${owner}:${p.head}` === head) && (!base || p.base === base)).map((p) => this.view(p)));
    }
    if (!num && req.method === 'POST') {
      if (this.pulls.some((p) => p.state === 'open' && p.head === input.head && p.base === input.base)) return send(422, { message: 'Validation Failed: A pull request already exists' });
      const number = this.pulls.length + 1;
      const pull: StubPull = { number, head: String(input.head), base: String(input.base), title: String(input.title), body: String(input.body ?? ''), state: 'open', html_url: `https://github.example/${owner}/${repo}/pull/${number}` };
      this.pulls.push(pull);
      return send(201, this.view(pull));
    }
    const pull = this.pulls.find((p) => p.number === Number(num));
    if (!pull) return send(404, { message: 'Not Found' });
    if (req.method === 'PATCH') {
      if (input.title !== undefined) pull.title = input.title;
      if (input.body !== undefined) pull.body = input.body;
      if (input.state !== undefined) pull.state = input.state;
    }
    return send(200, this.view(pull));
  }

  private view(p: StubPull) {
    return { number: p.number, title: p.title, body: p.body, state: p.state, html_url: p.html_url, head: { ref: p.head }, base: { ref: p.base } };
  }
}

/** Registers hooks that give a test file its own stub: listening before its tests, emptied before each. */
export function useGitHubStub(): { readonly stub: GitHubStub; readonly url: string } {
  const ctx = { stub: new GitHubStub(), url: '' };
  beforeAll(async () => {
    ctx.url = await ctx.stub.listen();
  });
  afterAll(() => ctx.stub.close());
  beforeEach(() => ctx.stub.reset());
  return ctx;
}
