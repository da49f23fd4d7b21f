import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adoptPublished } from '../src/publish/adopt-published.ts';
import { COMMIT_TRAILER, publish, type PublishOptions } from '../src/publish/publish.ts';
import { PublishError } from '../src/errors/publish-error.ts';
import { pushAuthEnv } from '../src/publish/push-auth.ts';
import { git, repoWithOrigin, showFile } from './helpers/git-repo.ts';
import { useGitHubStub } from './helpers/github-stub.ts';

const TOKEN = 'ghs_publishTestToken0123456789';
const github = useGitHubStub();
const stub = github.stub;

async function project(): Promise<{ work: string; bare: string }> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'tl-publish-'));
  await mkdir(path.join(work, 'locales'));
  await writeFile(path.join(work, 'locales/en.json'), '{"hi": "Hello"}\n');
  return { work, bare: await repoWithOrigin(work) };
}

async function translate(work: string, text: string): Promise<void> {
  await mkdir(path.join(work, '.translate-locales/memory'), { recursive: true });
  await writeFile(path.join(work, 'locales/de.json'), `{"hi": "${text}"}\n`);
  await writeFile(path.join(work, '.translate-locales/memory/de.jsonl'), `{"key":"k","target":"${text}"}\n`);
}

function options(work: string, extra: Partial<PublishOptions> = {}): PublishOptions {
  return {
    cwd: work,
    mode: 'pull-request',
    baseBranch: 'main',
    paths: ['locales/de.json', '.translate-locales'],
    message: 'Update translations',
    title: 'Update translations',
    body: '## Report\n1 file',
    author: { name: 'translate-locales', email: 'bot@example.com' },
    repository: 'acme/docs',
    githubApiUrl: github.url,
    token: TOKEN,
    ...extra,
  };
}

describe('publish', () => {
  it('pull-request: pushes the bot branch, opens one pull request, then updates it in place; nothing changed → nothing sent', async () => {
    const { work, bare } = await project();
    await translate(work, 'Hallo');
    const first = await publish(options(work));
    expect(first).toMatchObject({ changed: true, branch: 'translate-locales/main', pullRequest: { number: 1, created: true } });
    expect(showFile(bare, 'translate-locales/main', 'locales/de.json')).toBe('{"hi": "Hallo"}\n');
    expect(showFile(bare, 'translate-locales/main', '.translate-locales/memory/de.jsonl')).toContain('Hallo');
    expect(showFile(bare, 'main', 'locales/de.json')).toBeUndefined();
    expect(git(bare, 'log', '-1', '--format=%an <%ae>%n%B', 'translate-locales/main')).toContain(COMMIT_TRAILER);
    expect(stub.pulls).toHaveLength(1);
    expect(stub.pulls[0]).toMatchObject({ head: 'translate-locales/main', base: 'main', body: '## Report\n1 file' });
    expect(stub.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);

    stub.requests.length = 0;
    const before = git(bare, 'rev-parse', 'translate-locales/main');
    const again = await publish(options(work));
    expect(again.changed).toBe(false);
    expect(stub.requests).toEqual([]);
    expect(git(bare, 'rev-parse', 'translate-locales/main')).toBe(before);

    await translate(work, 'Hallo!');
    const third = await publish(options(work, { body: 'second body' }));
    expect(third).toMatchObject({ changed: true, pullRequest: { number: 1, created: false } });
    expect(git(bare, 'rev-parse', 'translate-locales/main')).not.toBe(before);
    expect(showFile(bare, 'translate-locales/main', 'locales/de.json')).toBe('{"hi": "Hallo!"}\n');
    expect(stub.pulls).toHaveLength(1);
    expect(stub.pulls[0].body).toBe('second body');
    expect(stub.requests.map((r) => r.method)).toEqual(['GET', 'PATCH']);

    // The token is in no file git keeps, and the user's index is untouched.
    expect(readFileSync(path.join(work, '.git/config'), 'utf8')).not.toContain(TOKEN);
    expect(git(work, 'diff', '--cached', '--name-only')).toBe('');
  });

  it('nothing changed against HEAD → no commit, no push, no API call', async () => {
    const { work, bare } = await project();
    const result = await publish(options(work));
    expect(result.changed).toBe(false);
    expect(stub.requests).toEqual([]);
    expect(git(bare, 'branch', '--list')).not.toContain('translate-locales');
  });

  it('commit: commits onto the base branch with the trailer and moves the working copy', async () => {
    const { work, bare } = await project();
    await translate(work, 'Hallo');
    const result = await publish(options(work, { mode: 'commit' }));
    expect(result).toMatchObject({ changed: true, branch: 'main' });
    expect(git(bare, 'rev-parse', 'main')).toBe(result.commit);
    expect(git(work, 'rev-parse', 'HEAD')).toBe(result.commit);
    expect(git(work, 'status', '--porcelain')).toBe('');
    expect(git(bare, 'log', '-1', '--format=%B', 'main')).toContain(COMMIT_TRAILER);
    expect(stub.requests).toEqual([]);
  });

  it('refuses to force-push the base branch and reports API failures without the token', async () => {
    const { work } = await project();
    await translate(work, 'Hallo');
    await expect(publish(options(work, { branch: 'main' }))).rejects.toThrow(PublishError);
    stub.failNext(403);
    const error = (await publish(options(work)).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(PublishError);
    expect(error.message).toMatch(/403.*pull-requests: write/);
    expect(error.message).not.toContain(TOKEN);
  });

  it('adoptPublished takes the memory of an unmerged bot branch, so a rerun pays nothing again', async () => {
    const { work, bare } = await project();
    await translate(work, 'Hallo');
    await publish(options(work));
    const clone = await mkdtemp(path.join(os.tmpdir(), 'tl-clone-'));
    git(clone, 'clone', '--quiet', bare, '.');
    expect(existsSync(path.join(clone, '.translate-locales/memory/de.jsonl'))).toBe(false);
    const adopted = await adoptPublished({ cwd: clone, branch: 'translate-locales/main', memoryDir: '.translate-locales' });
    expect(adopted).toEqual(['.translate-locales/memory/de.jsonl']);
    expect(readFileSync(path.join(clone, '.translate-locales/memory/de.jsonl'), 'utf8')).toBe('{"key":"k","target":"Hallo"}\n');
    // Lines the base already has are not repeated; lines it lacks are appended.
    await writeFile(path.join(clone, '.translate-locales/memory/de.jsonl'), '{"key":"x","target":"Welt"}\n');
    await adoptPublished({ cwd: clone, branch: 'translate-locales/main', memoryDir: '.translate-locales' });
    expect(readFileSync(path.join(clone, '.translate-locales/memory/de.jsonl'), 'utf8')).toBe('{"key":"x","target":"Welt"}\n{"key":"k","target":"Hallo"}\n');
    // Once merged into the base, the branch is history: nothing taken.
    await rm(path.join(clone, '.translate-locales'), { recursive: true });
    git(clone, 'merge', '--quiet', 'FETCH_HEAD');
    expect(await adoptPublished({ cwd: clone, branch: 'translate-locales/main', memoryDir: '.translate-locales' })).toEqual([]);
  });
});

describe('pushAuthEnv', () => {
  it('sends the token as a header through the environment, clearing a stored one first; nothing for local remotes', () => {
    const env = pushAuthEnv('https://github.example.com/acme/docs.git', TOKEN);
    expect(env).toMatchObject({ GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: 'http.https://github.example.com/.extraheader', GIT_CONFIG_VALUE_0: '' });
    expect(Buffer.from(env.GIT_CONFIG_VALUE_1!.replace('AUTHORIZATION: basic ', ''), 'base64').toString()).toBe(`x-access-token:${TOKEN}`);
    expect(JSON.stringify(env)).not.toContain(TOKEN);
    expect(pushAuthEnv('/srv/git/docs.git', TOKEN)).toEqual({});
    expect(pushAuthEnv('git@github.com:acme/docs.git', TOKEN)).toEqual({});
    expect(pushAuthEnv('https://github.com/acme/docs.git', undefined)).toEqual({});
    // git reads the variables as config: the cleared value, then ours.
    const seen = execFileSync('git', ['config', '--get-all', 'http.https://github.example.com/.extraheader'], { encoding: 'utf8', env: { ...process.env, ...env } });
    expect(seen).toBe(`\n${env.GIT_CONFIG_VALUE_1}\n`);
  });
});
