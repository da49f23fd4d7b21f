import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uiStringsJson } from './helpers/corpus.ts';
import { git, repoWithOrigin, showFile } from './helpers/git-repo.ts';
import { stopAllClis } from './helpers/run-cli.ts';
import { eventually, getRuns, serviceFolder, startService, type RunningService, type RunView } from './helpers/service-env.ts';
import { startTestRedis } from './helpers/test-redis.ts';
import { QwenMtSimulator } from './simulator/qwen-mt-simulator.ts';

const KEY = 'sk-service-replicas-000000';
const STRINGS = 300;
let redis: Awaited<ReturnType<typeof startTestRedis>>;
let sim: QwenMtSimulator;
let env: NodeJS.ProcessEnv;
let bare: string;
let work: string;

async function project(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-replicas-'));
  await mkdir(path.join(dir, 'locales'), { recursive: true });
  await writeFile(path.join(dir, 'locales/en.json'), uiStringsJson(STRINGS, 11));
  await writeFile(
    path.join(dir, 'translate-locales.config.json'),
    JSON.stringify({
      sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}.json' }],
      provider: { name: 'qwen-mt', model: 'qwen-mt-flash' }, rateLimit: { rpm: 60_000, tpm: 100_000_000 },
      batch: { maxSegments: 10 }, concurrency: 2,
    }),
  );
  return dir;
}

beforeAll(async () => {
  redis = await startTestRedis();
  sim = new QwenMtSimulator({ apiKey: KEY, latencyMs: 500 });
  env = { REDIS_URL: redis.url, DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: await sim.listen() };
  work = await project();
  bare = await repoWithOrigin(work);
});

afterAll(async () => {
  await stopAllClis();
  await sim.close();
  await redis.stop();
});

/** [start, end] of each run that did work, in ms. */
function spans(runs: readonly RunView[]): Array<[number, number]> {
  return runs.filter((r) => r.status !== 'skipped' && r.finishedAt).map((r) => [Date.parse(r.startedAt), Date.parse(r.finishedAt!)]);
}

describe('two serve replicas on one Redis', () => {
  it('run each tick once, never overlap runs of a project, and take over a run whose replica was killed with -9', async () => {
    // One data folder for both, as a shared volume: the memory a killed run appended is not paid for again.
    const service = await serviceFolder({});
    await service.write({ projects: [{ id: 'app', repo: bare, schedule: { every: '2s' }, publish: { mode: 'commit' } }], dataDir: path.join(service.dir, 'data'), lockDurationMs: 2000, author: { name: 'l10n bot', email: 'l10n@example.com' } });
    const replicas: RunningService[] = await Promise.all([startService(service.file, env), startService(service.file, env)]);
    const byPid = (r: RunView) => replicas.find((s) => r.by === `${hostname()}:${s.cli.pid}`);

    const running = await eventually('a run under way', async () => {
      if (sim.stats.ok < 8) return undefined;
      const r = (await getRuns(replicas[0].url)).find((x) => x.status === 'running');
      // Still the run that translates (later ticks reuse everything and send nothing).
      return r && sim.stats.ok < STRINGS / 10 - 4 ? r : undefined;
    }).catch(async (error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(sim.stats)} ${JSON.stringify((await getRuns(replicas[0].url)).slice(-3))}\n${replicas[0].cli.output()}`);
    });
    const victim = byPid(running)!;
    const survivor = replicas.find((s) => s !== victim)!;
    victim.cli.kill('SIGKILL');
    await victim.cli.exited;

    const finished = await eventually('the run taken over', async () => {
      const r = (await getRuns(survivor.url)).find((x) => x.id === running.id);
      return r?.status === 'succeeded' ? r : undefined;
    }, 90_000).catch(async (error: Error) => {
      const runs = (await getRuns(survivor.url)).map((r) => `${r.id} ${r.status} ${r.by} ${r.startedAt} ${r.reason ?? ''} ${r.report?.totals.translated ?? ''}`);
      throw new Error(`${error.message} (${running.id}): ${runs.join('\n')}\n${survivor.cli.output()}`);
    });
    expect(finished.by).toBe(`${hostname()}:${survivor.cli.pid}`);
    expect(finished.startedAt).toBe(running.startedAt);
    expect(finished.published).toMatchObject({ changed: true, branch: 'main' });
    const de = JSON.parse(showFile(bare, 'main', 'locales/de.json') ?? '{}') as Record<string, Record<string, string>>;
    expect(Object.values(de).flatMap((s) => Object.values(s))).toHaveLength(STRINGS);
    // Paid once: what the killed replica had received stays in the memory; only requests in flight go again.
    expect(sim.stats.ok).toBeLessThanOrEqual(STRINGS / 10 + 2);
    expect(sim.stats.duplicates).toBeLessThanOrEqual(2);

    // Ticks that came while the run was going were skipped, and said so; no two runs overlapped.
    await eventually('a later tick', async () => ((await getRuns(survivor.url)).some((r) => r.status === 'succeeded' && r.id !== running.id) ? true : undefined));
    const runs = await getRuns(survivor.url);
    expect(runs.some((r) => r.status === 'skipped' && /still going/.test(r.reason ?? ''))).toBe(true);
    expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
    const intervals = spans(runs).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < intervals.length; i++) expect(intervals[i][0]).toBeGreaterThanOrEqual(intervals[i - 1][1]);
    // One translation commit on main: no tick ran twice.
    expect(git(bare, 'log', '--format=%s', 'main').split('\n').filter((s) => s.startsWith('Translate'))).toHaveLength(1);
    expect(git(bare, 'log', '-1', '--format=%an <%ae>', 'main')).toBe('l10n bot <l10n@example.com>');

    survivor.cli.kill('SIGTERM');
    expect((await survivor.cli.exited).code).toBe(0);
  }, 150_000);
});
