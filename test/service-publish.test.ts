import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import parsePrometheus from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, repoWithOrigin, showFile } from './helpers/git-repo.ts';
import { GitHubStub } from './helpers/github-stub.ts';
import { dumpRedis } from './helpers/redis-dump.ts';
import { runCli, scratchProject, stopAllClis } from './helpers/run-cli.ts';
import { eventually, getRuns, serviceFolder, startService, type RunningService } from './helpers/service-env.ts';
import { startTestRedis } from './helpers/test-redis.ts';

const TOKEN = 'ghs_serviceTestToken0000000000000000';
let redis: Awaited<ReturnType<typeof startTestRedis>>;
let github: GitHubStub;
let env: NodeJS.ProcessEnv;
let work: string;
let bare: string;
let service: { dir: string; file: string; write: (c: Record<string, unknown>) => Promise<void> };
let serve: RunningService | undefined;

const BOT = 'translate-locales/main';
const project = (schedule: Record<string, unknown> | undefined) => ({
  id: 'docs', repo: '', branch: 'main', schedule, publish: { mode: 'pull-request', repository: 'acme/docs' },
});

beforeAll(async () => {
  redis = await startTestRedis();
  github = new GitHubStub();
  env = { REDIS_URL: redis.url, GITHUB_API_URL: await github.listen(), GITHUB_TOKEN: TOKEN };
  work = await scratchProject();
  bare = await repoWithOrigin(work);
  service = await serviceFolder({});
  await service.write({ projects: [{ ...project({ every: '2s' }), repo: bare }], lockDurationMs: 5000 });
});

afterAll(async () => {
  await stopAllClis();
  await github.close();
  await redis.stop();
});

/** Runs that did their work (ticks that came while one was going are skipped, and say so). */
const done = async () => (await getRuns(serve!.url)).filter((r) => r.status === 'succeeded' || r.status === 'failed');
const pullRequestCalls = () => github.requests.filter((r) => r.method !== 'GET');
const botHead = () => execFileSync('git', ['rev-parse', `refs/heads/${BOT}`], { cwd: bare, encoding: 'utf8' }).trim();

describe('translate-locales serve: scheduled runs published as one pull request', () => {
  it('a tick translates, pushes the bot branch and opens exactly one pull request', async () => {
    serve = await startService(service.file, env);
    const first = await eventually('a finished run', async () => (await done())[0]);
    expect(first).toMatchObject({ project: 'docs', trigger: 'schedule', status: 'succeeded', published: { changed: true, branch: BOT } });
    expect(first.published?.pullRequest).toBe('https://github.example/acme/docs/pull/1');
    expect(showFile(bare, BOT, 'locales/de/common.json')).toBeDefined();
    expect(showFile(bare, BOT, 'po/ja.po')).toContain('msgstr');
    expect(showFile(bare, 'main', 'locales/de/common.json')).toBeUndefined();
    expect(github.pulls).toHaveLength(1);
    expect(github.pulls[0]).toMatchObject({ head: BOT, base: 'main', state: 'open' });
    expect(pullRequestCalls().map((r) => r.method)).toEqual(['POST']);
    expect(github.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('ticks with nothing changed push nothing and call nothing', async () => {
    const head = botHead();
    const calls = github.requests.length;
    const seen = (await done()).length;
    const later = await eventually('two more runs', async () => {
      const runs = await done();
      return runs.length >= seen + 2 ? runs : undefined;
    });
    expect(later.slice(0, 2).map((r) => [r.status, r.published?.changed]), JSON.stringify(later.slice(0, 3).map((r) => ({ ...r, report: r.report?.files.filter((f) => f.status === 'written') })))).toEqual([['succeeded', false], ['succeeded', false]]);
    // Translations in review on the bot branch are reused: nothing sent again.
    expect(later[0].report?.totals.translated).toBe(0);
    expect(botHead()).toBe(head);
    expect(github.requests.length).toBe(calls);
  });

  it('a source edit pushed to main force-updates the branch and updates the same pull request', async () => {
    const head = botHead();
    const file = path.join(work, 'locales/en/common.json');
    const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...json, addedByTest: 'A brand new sentence to translate' }, null, 2) + '\n');
    git(work, 'commit', '--quiet', '-am', 'New string');
    git(work, 'push', '--quiet', 'origin', 'main');
    const run = await eventually('a run that publishes the edit', async () => (await done()).find((r) => r.published?.changed && r.published.commit !== head));
    expect(run.report?.totals.translated).toBeGreaterThan(0);
    expect(botHead()).not.toBe(head);
    expect(showFile(bare, BOT, 'locales/de/common.json')).toContain('addedByTest');
    // The bot branch is main plus one commit: force-updated, not stacked.
    expect(git(bare, 'rev-parse', `${BOT}~1`)).toBe(git(bare, 'rev-parse', 'main'));
    expect(github.pulls).toHaveLength(1);
    expect(pullRequestCalls().map((r) => r.method)).toEqual(['POST', 'PATCH']);
    expect(pullRequestCalls()[1].path).toBe('/repos/acme/docs/pulls/1');
  });

  it('serves health, readiness, Prometheus metrics and the runs', async () => {
    const url = serve!.url;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const families = parsePrometheus(await (await fetch(`${url}/metrics`)).text());
    const byName = new Map(families.map((f) => [f.name, f]));
    for (const name of [
      'translate_locales_runs_total', 'translate_locales_run_duration_seconds', 'translate_locales_segments_total', 'translate_locales_requests_total',
      'translate_locales_tokens_total', 'translate_locales_throttled_total', 'translate_locales_retries_total', 'translate_locales_cost_usd_total',
      'translate_locales_queue_jobs',
    ]) expect(byName.has(name), name).toBe(true);
    const succeeded = byName.get('translate_locales_runs_total')!.metrics.find((m) => m.labels?.project === 'docs' && m.labels.outcome === 'succeeded');
    expect(Number(succeeded?.value)).toBeGreaterThanOrEqual(3);
    const translated = byName.get('translate_locales_segments_total')!.metrics.find((m) => m.labels?.result === 'translated');
    expect(Number(translated?.value)).toBeGreaterThan(0);
    expect(byName.get('translate_locales_run_duration_seconds')!.type).toBe('HISTOGRAM');
    const queues = new Set(byName.get('translate_locales_queue_jobs')!.metrics.map((m) => m.labels?.queue));
    expect(queues).toEqual(new Set(['translate', 'runs']));
    const runs = await done();
    expect(runs.length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(runs[runs.length - 1]).sort()).toEqual(expect.arrayContaining(['id', 'project', 'trigger', 'status', 'startedAt', 'finishedAt', 'report', 'published']));
    expect(runs[runs.length - 1].report?.totals.files).toBeGreaterThan(0);
  });

  it('schedule list shows the reconciled scheduler; trigger queues a manual run', async () => {
    const listed = await runCli(['schedule', 'list', '--config', service.file, '--json'], { env });
    expect(listed.code).toBe(0);
    const { schedulers } = JSON.parse(listed.stdout) as { schedulers: Array<{ id: string; every?: number; next?: string }> };
    expect(schedulers).toEqual([expect.objectContaining({ id: 'docs', every: 2000 })]);
    expect(Date.parse(schedulers[0].next ?? '')).toBeGreaterThan(0);
    const triggered = await runCli(['schedule', 'trigger', 'docs', '--config', service.file], { env });
    expect(triggered.code).toBe(0);
    const manual = await eventually('a manual run', async () => (await getRuns(serve!.url)).find((r) => r.trigger === 'manual' && r.status !== 'running'));
    expect(['succeeded', 'skipped']).toContain(manual.status);
  });

  it('never lets the GitHub token reach Redis, logs, runs or commits', async () => {
    expect(await dumpRedis(redis.client())).not.toContain(TOKEN);
    expect(serve!.cli.output()).not.toContain(TOKEN);
    expect(JSON.stringify(await getRuns(serve!.url))).not.toContain(TOKEN);
    expect(git(bare, 'log', '-p', '--all')).not.toContain(TOKEN);
  });

  it('SIGTERM exits 0; a project removed from service.json loses its scheduler on the next start', async () => {
    serve!.cli.kill('SIGTERM');
    expect((await serve!.cli.exited).code).toBe(0);
    await service.write({ projects: [{ id: 'other', path: work }], lockDurationMs: 5000 });
    serve = await startService(service.file, env);
    const listed = await runCli(['schedule', 'list', '--config', service.file, '--json'], { env });
    expect((JSON.parse(listed.stdout) as { schedulers: unknown[] }).schedulers).toEqual([]);
    serve.cli.kill('SIGTERM');
    expect((await serve.cli.exited).code).toBe(0);
  });
});
