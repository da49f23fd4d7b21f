import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { COMMIT_TRAILER } from '../src/publish/publish.ts';
import { actionsEnv } from './helpers/github-actions-env.ts';
import { git, repoWithOrigin, showFile } from './helpers/git-repo.ts';
import { useGitHubStub } from './helpers/github-stub.ts';
import { runCli, scratchProject } from './helpers/run-cli.ts';
import { useSimulatedEnv } from './helpers/simulated-env.ts';

const KEY = 'sk-ci-secret-abcdef0123456789';
const TOKEN = 'ghs_ciTestToken_abcdef0123456789';
const ctx = useSimulatedEnv(KEY);
const github = useGitHubStub();
const stub = github.stub;

const useSimulator = (c: Record<string, unknown>) => ({ ...c, provider: { name: 'qwen-mt', model: 'qwen-mt-flash' }, rateLimit: { rpm: 6000, tpm: 20_000_000 } });
const PUSH = { ref: 'refs/heads/main', repository: { full_name: 'acme/docs', default_branch: 'main' } };

/** A fresh checkout of origin's `main`, as a CI job starts. */
async function checkout(bare: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-checkout-'));
  git(dir, 'clone', '--quiet', '--branch', 'main', bare, '.');
  return dir;
}

async function ciRun(work: string, event: string, payload: unknown, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const actions = await actionsEnv({ event, payload, ref: 'refs/heads/main', workspace: work, apiUrl: github.url, token: TOKEN, baseRef: event === 'pull_request' ? 'main' : undefined });
  const r = await runCli(['ci', '--config', path.join(work, 'translate-locales.config.json'), ...args], { cwd: work, env: { ...ctx.env, ...actions.env, ...env } });
  return { ...r, outputs: await actions.outputs(), summary: await actions.summary() };
}

async function project(): Promise<{ bare: string }> {
  const dir = await scratchProject(undefined, useSimulator);
  return { bare: await repoWithOrigin(dir) };
}

describe('translate-locales ci on GitHub Actions', () => {
  it('push: one pull request with the report; the same push again sends nothing; a source edit updates the branch and the same pull request', async () => {
    const { bare } = await project();
    const first = await ciRun(await checkout(bare), 'push', PUSH);
    expect(first.code, first.stderr).toBe(0);
    expect(first.outputs).toMatchObject({ changed: 'true', 'pull-request-number': '1', 'pull-request-url': 'https://github.example/acme/docs/pull/1' });
    expect(showFile(bare, 'translate-locales/main', 'locales/de/common.json')).toContain('"title"');
    expect(showFile(bare, 'translate-locales/main', '.translate-locales/memory/de.jsonl')).toBeDefined();
    expect(showFile(bare, 'main', 'locales/de/common.json')).toBeUndefined();
    expect(stub.pulls).toHaveLength(1);
    expect(stub.pulls[0]).toMatchObject({ head: 'translate-locales/main', base: 'main', title: 'Update translations (de, ja, ru)' });
    // The pull request body is the job summary's report.
    expect(stub.pulls[0].body).toMatch(/\| Locale \| Files \| Translated \| Reused \| Kept human edits \| Conflicts \| Failed \|/);
    expect(first.summary).toContain(stub.pulls[0].body.split('\n').slice(0, 9).join('\n'));
    expect(first.summary).toContain('pull request #1 opened');
    const report = JSON.parse(await readFile(first.outputs.report, 'utf8')) as RunReport;
    expect(report.ok).toBe(true);
    const paid = ctx.sim.stats.ok;
    expect(paid).toBeGreaterThan(0);

    stub.requests.length = 0;
    const branchBefore = git(bare, 'rev-parse', 'translate-locales/main');
    const again = await ciRun(await checkout(bare), 'push', PUSH);
    expect(again.code, again.stderr).toBe(0);
    expect(again.outputs.changed).toBe('false');
    expect(again.stdout).toContain('up to date');
    expect(stub.requests).toEqual([]);
    expect(ctx.sim.stats.ok).toBe(paid);
    expect(git(bare, 'rev-parse', 'translate-locales/main')).toBe(branchBefore);

    // A developer edits one source string and pushes to main.
    const dev = await checkout(bare);
    const file = path.join(dev, 'locales/en/common.json');
    await writeFile(file, readFileSync(file, 'utf8').replace('"Sign out"', '"Log out now"'));
    git(dev, 'commit', '--quiet', '-am', 'Rename logout');
    git(dev, 'push', '--quiet', 'origin', 'main');
    const third = await ciRun(await checkout(bare), 'push', PUSH);
    expect(third.code, third.stderr).toBe(0);
    expect(third.outputs).toMatchObject({ changed: 'true', 'pull-request-number': '1' });
    // Incremental: one request per locale for the one changed string.
    expect(ctx.sim.stats.ok - paid).toBe(3);
    const branchAfter = git(bare, 'rev-parse', 'translate-locales/main');
    expect(branchAfter).not.toBe(branchBefore);
    expect(git(bare, 'rev-parse', 'translate-locales/main^')).toBe(git(bare, 'rev-parse', 'main'));
    expect(stub.pulls).toHaveLength(1);
    expect(stub.requests.filter((r) => r.method === 'POST')).toEqual([]);
    expect(stub.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    // Secrets reach no commit, output, summary or git config.
    const everything = [first, again, third].map((r) => r.stdout + r.stderr + r.summary + JSON.stringify(r.outputs)).join('') + git(bare, 'log', '-p', '--all') + readFileSync(path.join(dev, '.git/config'), 'utf8');
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(TOKEN);
  });

  it('a fork pull request with a stale and a missing target and no key: the offline check, annotations, summary, exit 1, no request', async () => {
    const { bare } = await project();
    const first = await ciRun(await checkout(bare), 'push', PUSH);
    expect(first.code, first.stderr).toBe(0);
    stub.requests.length = 0;
    // The contributor's branch: the translations merged, then one source string edited and one target deleted.
    const pr = await checkout(bare);
    git(pr, 'merge', '--quiet', 'origin/translate-locales/main');
    const file = path.join(pr, 'locales/en/common.json');
    await writeFile(file, readFileSync(file, 'utf8').replace('"Page not found"', '"This page does not exist"'));
    await rm(path.join(pr, 'app/i18n/ja/messages.json'));
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('This page does not exist')) + 1;
    const column = lines[line - 1].indexOf('"This page does not exist"') + 1;
    const requestsBefore = ctx.sim.stats.requests;
    const payload = { pull_request: { head: { repo: { fork: true, full_name: 'someone/docs' } }, base: { repo: { full_name: 'acme/docs' } } } };
    const r = await ciRun(pr, 'pull_request', payload, [], { DASHSCOPE_API_KEY: undefined, REDIS_URL: undefined, GITHUB_TOKEN: undefined });
    expect(r.code, r.stderr).toBe(1);
    expect(ctx.sim.stats.requests).toBe(requestsBefore);
    expect(stub.requests).toEqual([]);
    expect(r.stdout).toContain(`::error file=locales/en/common.json,line=${line},col=${column}::stale: locales/de/common.json: `);
    expect(r.stdout).toContain('::error file=app/i18n/en/messages.json::missing: app/i18n/ja/messages.json: missing');
    expect(r.summary).toMatch(/❌ 4 problems/);
    expect(r.summary).toMatch(/\| `stale` \| 3 \|/);
    expect(r.outputs).toMatchObject({ changed: 'false', problems: '4' });

    const warn = await ciRun(pr, 'pull_request', payload, ['--warn-only'], { DASHSCOPE_API_KEY: undefined, REDIS_URL: undefined });
    expect(warn.code).toBe(0);
    expect(warn.stdout).toContain('::warning file=locales/en/common.json');
  });

  it('--mode commit: commits onto main; run again on that commit → skipped', async () => {
    const { bare } = await project();
    const before = git(bare, 'rev-parse', 'main');
    const r = await ciRun(await checkout(bare), 'push', PUSH, ['--mode', 'commit', '--commit-author', 'Docs Bot <docs-bot@example.com>']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs.changed).toBe('true');
    expect(git(bare, 'rev-parse', 'main^')).toBe(before);
    expect(git(bare, 'log', '-1', '--format=%an <%ae>%n%B', 'main')).toMatch(new RegExp(`^Docs Bot <docs-bot@example.com>\\nUpdate translations[\\s\\S]*${COMMIT_TRAILER}`));
    expect(showFile(bare, 'main', 'po/de.po')).toContain('msgstr');
    expect(stub.requests).toEqual([]);
    const paid = ctx.sim.stats.requests;

    const again = await ciRun(await checkout(bare), 'push', PUSH, ['--mode', 'commit']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('skipped');
    expect(again.stdout).toContain('loop prevention');
    expect(again.outputs.changed).toBe('false');
    expect(ctx.sim.stats.requests).toBe(paid);
  });

  it('over --max-cost → exit 2, nothing sent or pushed; no key on a push → exit 2 with the reason', async () => {
    const { bare } = await project();
    const over = await ciRun(await checkout(bare), 'push', PUSH, ['--max-cost', '0.000001']);
    expect(over.code).toBe(2);
    expect(over.stdout + over.stderr).toMatch(/over --max-cost/);
    expect(over.outputs.changed).toBe('false');
    expect(ctx.sim.stats.requests).toBe(0);

    const nokey = await ciRun(await checkout(bare), 'push', PUSH, [], { DASHSCOPE_API_KEY: undefined });
    expect(nokey.code).toBe(2);
    expect(nokey.stderr).toMatch(/DASHSCOPE_API_KEY is not set/);
    expect(nokey.stdout).toMatch(/^::error::DASHSCOPE_API_KEY is not set/m);
    expect(nokey.summary).toContain('DASHSCOPE_API_KEY is not set');
    expect(git(bare, 'branch', '--list')).not.toContain('translate-locales');
    expect(stub.requests).toEqual([]);
    expect(ctx.sim.stats.requests).toBe(0);
  });

  it('a pull request that breaks the config: exit 2, the reason as an annotation and in the summary', async () => {
    const { bare } = await project();
    const pr = await checkout(bare);
    await writeFile(path.join(pr, 'translate-locales.config.json'), '{"sourceLocale": "en", "targetLocales": ["de"], "files": [{"format": "yaml", "source": "x"}]}');
    const r = await ciRun(pr, 'pull_request', { pull_request: { head: { repo: { fork: true } } } }, [], { DASHSCOPE_API_KEY: undefined, REDIS_URL: undefined });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^::error::.*files\.0\.format/m);
    expect(r.summary).toContain('❌');
    expect(r.summary).toMatch(/files\.0\.format/);
  });
});
