import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CiContext } from '../src/ci/ci-context.ts';
import { planCiStep } from '../src/ci/ci-plan.ts';
import { readCiContext } from '../src/ci/read-ci-context.ts';
import { annotation } from '../src/ci/workflow-commands.ts';
import { ConfigError } from '../src/errors/config-error.ts';

async function event(payload: unknown): Promise<string> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'tl-event-')), 'event.json');
  await writeFile(file, JSON.stringify(payload));
  return file;
}

const base: CiContext = { platform: 'github', trigger: 'push', eventName: 'push', branch: 'main', defaultAuthor: 'x <x@y>' };

describe('CI events', () => {
  it('reads GitHub pull requests (forks), pushes, tags, schedules', async () => {
    const fork = await readCiContext({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main', GITHUB_REF: 'refs/pull/7/merge', GITHUB_EVENT_PATH: await event({ pull_request: { head: { repo: { fork: true, full_name: 'eve/docs' } }, base: { repo: { full_name: 'acme/docs' } } } }) });
    expect(fork).toMatchObject({ platform: 'github', trigger: 'pull-request', branch: 'main', fork: true });
    const deletedFork = await readCiContext({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: await event({ pull_request: { head: { repo: null }, base: { repo: { full_name: 'acme/docs' } } } }) });
    expect(deletedFork.fork).toBe(true);
    expect(await readCiContext({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/v1.0' })).toMatchObject({ trigger: 'push', tag: 'v1.0', branch: undefined });
    expect(await readCiContext({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'schedule', GITHUB_REF: 'refs/heads/main' })).toMatchObject({ trigger: 'schedule', branch: 'main', apiUrl: 'https://api.github.com' });
    expect(await readCiContext({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'issue_comment' })).toMatchObject({ trigger: 'other' });
    await expect(readCiContext({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '/nonexistent/event.json' })).rejects.toThrow(ConfigError);
    expect(await readCiContext({ GITLAB_CI: 'true', CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main', CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '9', CI_MERGE_REQUEST_PROJECT_ID: '42' })).toMatchObject({ platform: 'gitlab', trigger: 'pull-request', branch: 'main', fork: true });
    expect(await readCiContext({})).toMatchObject({ platform: 'none', trigger: 'manual' });
  });

  it('only trusted events translate; pull requests and unknown events check; tags, the bot branch and own commits skip', () => {
    expect(planCiStep({ ...base, trigger: 'pull-request', eventName: 'pull_request_target' }, 'pull-request', false).kind).toBe('check');
    expect(planCiStep({ ...base, trigger: 'other', eventName: 'issue_comment' }, 'commit', false).kind).toBe('check');
    expect(planCiStep(base, 'check', false).kind).toBe('check');
    expect(planCiStep({ ...base, tag: 'v1', branch: undefined }, 'pull-request', false).kind).toBe('skip');
    expect(planCiStep({ ...base, branch: 'translate-locales/main' }, 'pull-request', false).kind).toBe('skip');
    expect(planCiStep(base, 'commit', true)).toMatchObject({ kind: 'skip', reason: expect.stringContaining('loop prevention') });
    expect(planCiStep(base, 'commit', false)).toMatchObject({ kind: 'translate', publish: 'commit' });
    expect(planCiStep({ ...base, trigger: 'schedule' }, 'pull-request', false)).toMatchObject({ kind: 'translate', publish: 'pull-request' });
  });

  it('annotations escape what would end or split the command', () => {
    expect(annotation('error', 'stale: 50% done\nnext', { file: 'docs/a,b:c.md', line: 3 })).toBe('::error file=docs/a%2Cb%3Ac.md,line=3::stale: 50%25 done%0Anext');
    expect(annotation('error', 'missing', { file: 'a.json', line: 3, column: 7 })).toBe('::error file=a.json,line=3,col=7::missing');
    expect(annotation('warning', 'total')).toBe('::warning::total');
  });
});
