import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, repoWithOrigin, showFile } from './helpers/git-repo.ts';
import { GitLabStub } from './helpers/gitlab-stub.ts';
import { runCli, scratchProject } from './helpers/run-cli.ts';
import { useSimulatedEnv } from './helpers/simulated-env.ts';

const KEY = 'sk-gitlab-secret-0123456789';
const TOKEN = 'glpat-gitlabTestToken0123456789';
const ctx = useSimulatedEnv(KEY);
const stub = new GitLabStub();
let api = '';
beforeAll(async () => {
  api = await stub.listen();
});
afterAll(() => stub.close());

const useSimulator = (c: Record<string, unknown>) => ({ ...c, provider: { name: 'qwen-mt', model: 'qwen-mt-flash' }, rateLimit: { rpm: 6000, tpm: 20_000_000 } });

async function checkout(bare: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-gl-checkout-'));
  git(dir, 'clone', '--quiet', '--branch', 'main', bare, '.');
  return dir;
}

function gitlabEnv(source: string): NodeJS.ProcessEnv {
  return {
    GITHUB_ACTIONS: undefined,
    GITLAB_CI: 'true',
    CI_PIPELINE_SOURCE: source,
    CI_COMMIT_BRANCH: source === 'merge_request_event' ? undefined : 'main',
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME: source === 'merge_request_event' ? 'main' : undefined,
    CI_DEFAULT_BRANCH: 'main',
    CI_PROJECT_ID: '42',
    CI_PROJECT_PATH: 'acme/docs',
    CI_API_V4_URL: api,
    GITLAB_TOKEN: TOKEN,
  };
}

describe('translate-locales ci on GitLab CI', () => {
  it('push: one merge request through the REST API, updated in place after a source edit; merge requests get the check', async () => {
    const dir = await scratchProject(undefined, useSimulator);
    const bare = await repoWithOrigin(dir);
    const ci = async (work: string, source: string, env: NodeJS.ProcessEnv = {}) =>
      runCli(['ci', '--config', path.join(work, 'translate-locales.config.json'), '--to', 'de'], { cwd: work, env: { ...ctx.env, ...gitlabEnv(source), ...env } });

    const first = await ci(await checkout(bare), 'push');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('merge_requests/1');
    expect(showFile(bare, 'translate-locales/main', 'locales/de/common.json')).toContain('"title"');
    expect(stub.mergeRequests).toHaveLength(1);
    expect(stub.mergeRequests[0]).toMatchObject({ source_branch: 'translate-locales/main', target_branch: 'main', state: 'opened' });
    expect(stub.mergeRequests[0].description).toContain('| Locale |');
    expect(stub.requests.every((r) => r.token === TOKEN)).toBe(true);

    const dev = await checkout(bare);
    const file = path.join(dev, 'locales/en/common.json');
    await writeFile(file, readFileSync(file, 'utf8').replace('"Sign out"', '"Log out now"'));
    git(dev, 'commit', '--quiet', '-am', 'Rename logout');
    git(dev, 'push', '--quiet', 'origin', 'main');
    stub.requests.length = 0;
    const second = await ci(await checkout(bare), 'schedule');
    expect(second.code, second.stderr).toBe(0);
    expect(stub.mergeRequests).toHaveLength(1);
    expect(stub.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
    expect(showFile(bare, 'translate-locales/main', 'locales/en/common.json')).toContain('Log out now');

    stub.requests.length = 0;
    const requests = ctx.sim.stats.requests;
    const mr = await ci(await checkout(bare), 'merge_request_event', { DASHSCOPE_API_KEY: undefined, REDIS_URL: undefined, GITLAB_TOKEN: undefined });
    expect(mr.code).toBe(1);
    expect(mr.stdout).toMatch(/^missing: locales\/de\/common.json: missing$/m);
    expect(mr.stdout).not.toContain('::error');
    expect(ctx.sim.stats.requests).toBe(requests);
    expect(stub.requests).toEqual([]);
    expect(first.stdout + first.stderr + second.stdout + second.stderr + git(bare, 'log', '-p', '--all')).not.toMatch(new RegExp(`${KEY}|${TOKEN}`));
  });
});
