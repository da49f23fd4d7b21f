import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.ts';
import { planInputs } from '../src/pipeline/plan-inputs.ts';
import { planRun } from '../src/pipeline/plan-run.ts';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { scratchProject } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { startTestRedis } from './helpers/test-redis.ts';
import { QwenMtSimulator } from './simulator/qwen-mt-simulator.ts';

const KEY = 'sk-incremental-00000000';
let redis: Awaited<ReturnType<typeof startTestRedis>>;
let sim: QwenMtSimulator;
let env: NodeJS.ProcessEnv;
/** The project before any run; each test works on its own copy (`fresh()` or `translated()`), never on another test's leftovers. */
let template: string;
let translatedTemplate: Promise<string> | undefined;
let dir: string;

const config = (c: Record<string, unknown>) => ({
  ...c, targetLocales: ['de', 'ja'], files: [{ format: 'json', source: 'locales/{locale}/*.json' }],
  provider: { name: 'qwen-mt', model: 'qwen-mt-flash' }, rateLimit: { rpm: 6000, tpm: 20_000_000 }, glossary: 'glossary.csv',
});

async function cli(...extra: string[]): Promise<{ code: number | null; stdout: string; report?: RunReport }> {
  const report = path.join(dir, 'report.json');
  await writeFile(report, '{}');
  const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--report', report, ...extra], { env });
  const parsed = JSON.parse(await readFile(report, 'utf8')) as RunReport;
  return { code: r.code, stdout: r.stdout + r.stderr, report: parsed.totals ? parsed : undefined };
}

async function editJson(file: string, edit: (j: Record<string, Record<string, string>>) => void): Promise<void> {
  const full = path.join(dir, file);
  const json = JSON.parse(await readFile(full, 'utf8')) as Record<string, Record<string, string>>;
  edit(json);
  await writeFile(full, JSON.stringify(json, null, 2) + '\n');
}

const deFile = () => readFile(path.join(dir, 'locales/de/common.json'), 'utf8').then((t) => JSON.parse(t) as Record<string, Record<string, string>>);

async function copyOf(project: string): Promise<string> {
  const copy = await mkdtemp(path.join(os.tmpdir(), 'tl-incremental-'));
  await cp(project, copy, { recursive: true });
  return copy;
}

/** A copy of the project as it is before any run: `dir` from here on. */
async function fresh(): Promise<void> {
  dir = await copyOf(template);
}

/** A copy of the project after one full run (made once, then copied): `dir` from here on. */
async function translated(): Promise<void> {
  translatedTemplate ??= (async () => {
    await fresh();
    expect((await cli()).code).toBe(0);
    return dir;
  })();
  dir = await copyOf(await translatedTemplate);
  sim.reset();
}

beforeAll(async () => {
  redis = await startTestRedis();
  sim = new QwenMtSimulator({ apiKey: KEY });
  env = { DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: await sim.listen(), REDIS_URL: redis.url };
  template = await scratchProject(undefined, config);
  await writeFile(path.join(template, 'glossary.csv'), 'source,de,ja\nAcme Dashboard,Acme-Übersicht,アクメ・ダッシュボード\nSign out,,\n');
});
afterAll(async () => {
  await sim.close();
  await redis.stop();
});
beforeEach(() => sim.reset());

// One project, edited as a user would between CI runs; each test from its own copy, so each holds alone.
describe('pay once: memory, incremental runs, hand edits, check and dry run', () => {
  it('a dry run predicts the first run, which sends glossary terms only where they occur', async () => {
    await fresh();
    const dry = await cli('--dry-run');
    expect(dry.code).toBe(0);
    const predicted = Number(/in (\d+) requests/.exec(dry.stdout)?.[1]);
    expect(sim.stats.requests).toBe(0);
    const first = await cli();
    expect(first.code).toBe(0);
    expect(first.report!.totals.requests).toBe(predicted);
    expect(sim.stats.ok).toBe(predicted);
    for (const entry of sim.log) {
      const terms = (entry.translationOptions.terms ?? []) as { source: string; target: string }[];
      expect(terms.map((t) => t.source).sort()).toEqual(['Acme Dashboard', 'Sign out'].filter((t) => entry.text.includes(t)).sort());
    }
    const de = await deFile();
    expect(de.app.title).toBe('Acme-Übersicht');
    expect(de.app.logout).toBe('Sign out'); // do-not-translate
  });

  it('a rerun with no change makes no request and rewrites nothing; --check says current', async () => {
    await translated();
    const again = await cli();
    expect(sim.stats.requests).toBe(0);
    expect(again.report!.files.every((f) => f.status === 'unchanged')).toBe(true);
    const check = await cli('--check');
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('All targets are current.');
  });

  it("a run does not read a target that is byte for byte what the last run wrote, with nothing of a person's in it; an edited one it reads and keeps", async () => {
    await translated();
    const plan = async () => {
      const config = await loadConfig(path.join(dir, 'translate-locales.config.json'), {}, env);
      const inputs = await planInputs(config);
      try {
        return (await planRun(config, { ...inputs, skipUntouched: true })).pairs.find((p) => p.pair.target === 'locales/de/common.json')!;
      } finally {
        await inputs.memory.close();
      }
    };
    const untouched = await plan();
    expect(untouched.target.existing).toBeUndefined();
    expect(untouched.kept.size).toBe(0);
    await editJson('locales/de/common.json', (j) => (j.errors.notFound = 'Seite fehlt (von Hand)'));
    const edited = await plan();
    expect(edited.target.existing).toContain('Seite fehlt (von Hand)');
    expect([...edited.kept.values()]).toEqual(['Seite fehlt (von Hand)']);
    // The run keeps it, and from then on reads that target again: it holds a person's text.
    expect((await cli()).code).toBe(0);
    expect((await deFile()).errors.notFound).toBe('Seite fehlt (von Hand)');
    expect((await plan()).target.existing).toBeDefined();
  });

  it('one edited string: --check reports it stale, and the run sends one request per locale', async () => {
    await translated();
    await editJson('locales/en/common.json', (j) => (j.errors.notFound = 'This page does not exist'));
    const check = await cli('--check');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/stale: locales\/de\/common.json: \/errors\/notFound: source changed/);
    expect(sim.stats.requests).toBe(0);
    const run = await cli();
    expect(run.code).toBe(0);
    expect(sim.stats.ok).toBe(2);
    expect(sim.log.map((l) => l.text)).toEqual(['This page does not exist', 'This page does not exist']);
  });

  it('a renamed file reuses every translation', async () => {
    await translated();
    await rename(path.join(dir, 'locales/en/common.json'), path.join(dir, 'locales/en/main.json'));
    const run = await cli();
    expect(run.code).toBe(0);
    expect(sim.stats.requests).toBe(0);
    expect(run.report!.files.filter((f) => f.source.endsWith('main.json')).map((f) => f.status)).toEqual(['written', 'written']);
  });

  it('a hand edit in a target is kept; if its source changes too, it is reported as a conflict', async () => {
    await translated();
    await editJson('locales/de/common.json', (j) => (j.files.empty = 'Noch keine Dateien. <strong>Lade</strong> die erste hoch.'));
    const kept = await cli();
    expect(sim.stats.requests).toBe(0);
    expect((await deFile()).files.empty).toBe('Noch keine Dateien. <strong>Lade</strong> die erste hoch.');
    expect(kept.report!.files.find((f) => f.target === 'locales/de/common.json')!.kept).toBe(1);

    await editJson('locales/en/common.json', (j) => (j.files.empty = 'Nothing here yet. <strong>Upload</strong> a file.'));
    const conflict = await cli();
    expect(conflict.code).toBe(0);
    expect(sim.stats.ok).toBe(1); // only ja: the German text is a person's
    expect((await deFile()).files.empty).toBe('Noch keine Dateien. <strong>Lade</strong> die erste hoch.');
    const de = conflict.report!.files.find((f) => f.target === 'locales/de/common.json')!;
    expect(de.conflicts).toHaveLength(1);
    expect(de.conflicts[0]).toMatch(/\/files\/empty: edited by hand and its source changed/);
    const check = await cli('--check');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/conflict: locales\/de\/common.json/);
  });

  it('a target translated by people before this tool ran (no state) keeps their text, unsent; a later source change is a conflict', async () => {
    await fresh();
    // Adopting the tool: German translations by people, no state. One string still the English placeholder, one empty, two missing.
    const people = {
      app: { title: 'Acme-Übersicht', welcome: '👋 {{name}}!', logout: 'Sign out' },
      files: { count_one: '{{count}} Datei', count_other: '{{count}} Dateien', empty: '' },
      errors: { network: 'Netzwerkfehler (%s). Bitte versuche es erneut.', quota: 'Du hast %1$s von %2$s verbraucht.', notFound: 'Seite nicht gefunden' },
    };
    await mkdir(path.join(dir, 'locales/de'));
    await writeFile(path.join(dir, 'locales/de/common.json'), JSON.stringify(people, null, 2) + '\n');
    const theirs = { ...people.app, ...people.files, ...people.errors, logout: undefined, empty: undefined };

    const first = await cli();
    expect(first.code).toBe(0);
    const de = await deFile();
    expect({ ...de.app, ...de.files, ...de.errors, logout: undefined, empty: undefined, deleteConfirm: undefined, shared: undefined }).toEqual(theirs);
    const sentToGerman = sim.log.filter((l) => l.translationOptions.target_lang === 'German').map((l) => l.text).join('\n');
    expect(sentToGerman).toMatch(/No files yet/);
    expect(sentToGerman).toMatch(/Delete/);
    expect(sentToGerman).not.toMatch(/Network error|Page not found|Welcome back|\{\{count\}\} files?\b/);
    expect(de.files.empty).not.toBe('');
    expect(first.report!.files.find((f) => f.target === 'locales/de/common.json')).toMatchObject({ status: 'written', kept: 7, conflicts: [] });
    const status = await runMain(['status', '--config', path.join(dir, 'translate-locales.config.json'), '--json'], { env });
    const rows = (JSON.parse(status.stdout) as { rows: { locale: string; human: number; missing: number; stale: number }[] }).rows;
    expect(rows.find((r) => r.locale === 'de')).toMatchObject({ human: 7, missing: 0, stale: 0 });
    expect((await cli('--check')).code).toBe(0);

    // Recorded as hand edits: kept again, and a change of their source is theirs to review.
    sim.reset();
    await editJson('locales/en/common.json', (j) => (j.errors.notFound = 'This page does not exist'));
    const second = await cli();
    expect(second.code).toBe(0);
    expect(sim.log.map((l) => l.translationOptions.target_lang)).toEqual(['Japanese']);
    expect((await deFile()).errors.notFound).toBe('Seite nicht gefunden');
    expect(second.report!.files.find((f) => f.target === 'locales/de/common.json')!.conflicts).toEqual([expect.stringMatching(/\/errors\/notFound: edited by hand and its source changed since; kept/)]);
    expect((await cli('--check')).stdout).toMatch(/conflict: locales\/de\/common.json .*\/errors\/notFound/);
    const accepted = await runMain(['accept', '--config', path.join(dir, 'translate-locales.config.json'), path.join(dir, 'locales/de')], { env });
    expect(accepted.stdout).toMatch(/accepted: locales\/de\/common.json: 7 edited units \(1 in conflict\)/);
    expect((await cli('--check')).code).toBe(0);
  });

  it('a target in a language with other plural keys, translated by people (no state), keeps every form they wrote (ICU and i18next)', async () => {
    await fresh();
    await writeFile(path.join(dir, 'locales/en/plurals.json'), JSON.stringify({ inbox: '{count, plural, =0 {No messages} one {# message} other {# messages}}', files_one: '{{count}} file', files_other: '{{count}} files' }, null, 2) + '\n');
    await mkdir(path.join(dir, 'locales/ja'));
    const ja = JSON.stringify({ inbox: '{count, plural, =0 {メッセージはありません} other {#件のメッセージ}}', files_other: '{{count}} 個のファイル' }, null, 2) + '\n';
    await writeFile(path.join(dir, 'locales/ja/plurals.json'), ja);
    const run = await cli('--only', 'locales/en/plurals.json');
    expect(run.code).toBe(0);
    expect(await readFile(path.join(dir, 'locales/ja/plurals.json'), 'utf8')).toBe(ja);
    expect(sim.log.map((l) => l.translationOptions.target_lang)).not.toContain('Japanese');
    expect(run.report!.files.find((f) => f.target === 'locales/ja/plurals.json')).toMatchObject({ status: 'unchanged', kept: 3 });
    expect((await cli('--check', '--only', 'locales/en/plurals.json')).code).toBe(0);
  });

  describe("i18next's bare-key plurals (@bull-board/ui's en-US: `JOBS_COUNT_one` beside a bare `JOBS_COUNT`)", () => {
    const board = {
      DASHBOARD: { JOBS_COUNT_one: '{{count}} Job', JOBS_COUNT: '{{count}} Jobs', EMPTY_STATE: 'No queues to display.' },
      LATENCY: { LOW_CONFIDENCE: 'Low confidence: {{count}} samples', LOW_CONFIDENCE_one: 'Low confidence: {{count}} sample' },
    };
    const BOARD = 'locales/en/board.json';
    const read = (file: string) => readFile(path.join(dir, file), 'utf8');
    const json = (text: string) => JSON.parse(text) as Record<string, Record<string, string>>;
    const withRussian = async () => {
      const file = path.join(dir, 'translate-locales.config.json');
      const c = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      await writeFile(file, JSON.stringify({ ...c, targetLocales: ['ja', 'ru'] }, null, 2));
      await writeFile(path.join(dir, BOARD), JSON.stringify(board, null, 2) + '\n');
    };
    const fileReport = (r: { report?: RunReport }, target: string) => r.report!.files.find((f) => f.target === target)!;

    it("people's ru and ja targets (no state) keep every form they wrote; keys of theirs the source lacks are reported as dropped; a rerun sends nothing", async () => {
      await fresh();
      await withRussian();
      const ru = {
        DASHBOARD: { JOBS_COUNT_one: '{{count}} задача', JOBS_COUNT_few: '{{count}} задачи', JOBS_COUNT_many: '{{count}} задач', JOBS_COUNT_other: '{{count}} задачи', EMPTY_STATE: 'Нет очередей для отображения.', OLD_TITLE: 'Старый заголовок' },
        LATENCY: { LOW_CONFIDENCE: 'Мало данных: {{count}} образцов', LOW_CONFIDENCE_one: 'Мало данных: {{count}} образец', LOW_CONFIDENCE_few: 'Мало данных: {{count}} образца', LOW_CONFIDENCE_many: 'Мало данных: {{count}} образцов' },
      };
      const ja = { DASHBOARD: { JOBS_COUNT: '{{count}} ジョブ', JOBS_COUNT_other: '{{count}} ジョブ', EMPTY_STATE: '表示するキューがありません。' }, LATENCY: { LOW_CONFIDENCE: '信頼度低: サンプル{{count}}件' } };
      await mkdir(path.join(dir, 'locales/ru'));
      await mkdir(path.join(dir, 'locales/ja'));
      await writeFile(path.join(dir, 'locales/ru/board.json'), JSON.stringify(ru, null, 2) + '\n');
      await writeFile(path.join(dir, 'locales/ja/board.json'), JSON.stringify(ja, null, 2) + '\n');

      const first = await cli('--only', BOARD);
      expect(first.code).toBe(0);
      expect(sim.stats.requests).toBe(0);
      const ruOut = json(await read('locales/ru/board.json'));
      // Every form kept; `other` under the bare key the source uses, which i18next falls back to.
      expect(ruOut.DASHBOARD).toEqual({ JOBS_COUNT_one: '{{count}} задача', JOBS_COUNT_few: '{{count}} задачи', JOBS_COUNT_many: '{{count}} задач', JOBS_COUNT: '{{count}} задачи', EMPTY_STATE: 'Нет очередей для отображения.' });
      expect(ruOut.LATENCY).toEqual(ru.LATENCY);
      expect(json(await read('locales/ja/board.json'))).toEqual({ DASHBOARD: { JOBS_COUNT: '{{count}} ジョブ', EMPTY_STATE: '表示するキューがありません。' }, LATENCY: ja.LATENCY });
      expect(fileReport(first, 'locales/ru/board.json')).toMatchObject({ status: 'written', kept: 9 });
      expect(fileReport(first, 'locales/ru/board.json').warnings).toEqual([expect.stringMatching(/^locales\/ru\/board.json: 1 key with a person's text no longer in the source, dropped from the target: \/DASHBOARD\/OLD_TITLE;/)]);
      expect(fileReport(first, 'locales/ja/board.json').warnings).toEqual([expect.stringMatching(/^locales\/ja\/board.json: 1 key .* no longer in the source, dropped .*: \/DASHBOARD\/JOBS_COUNT_other;/)]);

      const again = await cli('--only', BOARD);
      expect(sim.stats.requests).toBe(0);
      expect(again.report!.files.map((f) => [f.target, f.status, f.warnings])).toEqual([
        ['locales/ja/board.json', 'unchanged', []],
        ['locales/ru/board.json', 'unchanged', []],
      ]);
      expect((await cli('--check', '--only', BOARD)).code).toBe(0);
    });

    it("machine-translated, ru gets the `few` and `many` forms Russian needs; a rerun sends nothing; a removed key goes quietly if the machine's, named if a person's", async () => {
      await fresh();
      await withRussian();
      const first = await cli('--only', BOARD);
      expect(first.code).toBe(0);
      const ruOut = json(await read('locales/ru/board.json'));
      expect(Object.keys(ruOut.DASHBOARD)).toEqual(['JOBS_COUNT_one', 'JOBS_COUNT_few', 'JOBS_COUNT_many', 'JOBS_COUNT', 'EMPTY_STATE']);
      expect(Object.keys(ruOut.LATENCY)).toEqual(['LOW_CONFIDENCE', 'LOW_CONFIDENCE_one', 'LOW_CONFIDENCE_few', 'LOW_CONFIDENCE_many']);
      expect(Object.keys(json(await read('locales/ja/board.json')).DASHBOARD)).toEqual(['JOBS_COUNT', 'EMPTY_STATE']);
      // Each Russian form told the counts it serves.
      const russian = sim.log.filter((l) => l.translationOptions.target_lang === 'Russian').map((l) => String(l.translationOptions.domains ?? ''));
      expect(russian).toEqual(expect.arrayContaining([expect.stringMatching(/counts 1, 21, 31/), expect.stringMatching(/counts 2, 3, 4, 22/), expect.stringMatching(/counts 0, 5, 6, 7/)]));
      const before = [await read('locales/ru/board.json'), await read('locales/ja/board.json')];

      sim.reset();
      const again = await cli('--only', BOARD);
      expect(sim.stats.requests).toBe(0);
      expect(again.report!.files.every((f) => f.status === 'unchanged' && f.kept === 0)).toBe(true);
      expect([await read('locales/ru/board.json'), await read('locales/ja/board.json')]).toEqual(before);

      // A person improves the Russian; then the key leaves the source: the machine's Japanese goes quietly, their Russian is named.
      await editJson('locales/ru/board.json', (j) => (j.DASHBOARD.EMPTY_STATE = 'Очередей нет.'));
      await editJson(BOARD, (j) => delete j.DASHBOARD.EMPTY_STATE);
      const removed = await cli('--only', BOARD);
      expect(sim.stats.requests).toBe(0);
      expect(json(await read('locales/ru/board.json')).DASHBOARD.EMPTY_STATE).toBeUndefined();
      expect(json(await read('locales/ja/board.json')).DASHBOARD.EMPTY_STATE).toBeUndefined();
      expect(fileReport(removed, 'locales/ja/board.json').warnings).toEqual([]);
      expect(fileReport(removed, 'locales/ru/board.json').warnings).toEqual([expect.stringMatching(/^locales\/ru\/board.json: 1 key with a person's text no longer in the source, dropped from the target: \/DASHBOARD\/EMPTY_STATE;/)]);
    });
  });

  it('--check needs no API key and no Redis', async () => {
    await translated();
    await editJson('locales/en/common.json', (j) => (j.errors.notFound = 'This page does not exist'));
    const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--check'], { env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    expect(r.stdout).toMatch(/stale: locales\/de\/common.json: \/errors\/notFound: source changed/);
    expect(r.code).toBe(1);
  });

  it('a translation that ignores a glossary term is listed in the report', async () => {
    await translated();
    sim.configure({ ignoreTerms: true });
    await editJson('locales/en/common.json', (j) => (j.app.title = 'Acme Dashboard home'));
    const r = await cli();
    sim.configure({ ignoreTerms: false });
    expect(r.code).toBe(0);
    const warnings = r.report!.files.flatMap((f) => f.warnings);
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/locales\/de\/common.json: \/app\/title: glossary term "Acme Dashboard" not rendered as "Acme-Übersicht"/)]));
  });

  it('--check finds a broken target, a run leaves it as it is; --max-cost stops a run before any request', async () => {
    await translated();
    await writeFile(path.join(dir, 'locales/ja/common.json'), '{ "broken": ');
    const check = await cli('--check');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/invalid: locales\/ja\/common.json:1:\d+: invalid JSON: \w+; left as it is/);
    await editJson('locales/en/common.json', (j) => (j.errors.network = 'The network is down (%s).'));
    const refused = await cli('--max-cost', '0');
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/estimated cost \$0\.0\d+ is over --max-cost \$0/);
    expect(sim.stats.requests).toBe(0);
    const broken = await cli();
    expect(broken.code).toBe(1);
    expect(await readFile(path.join(dir, 'locales/ja/common.json'), 'utf8')).toBe('{ "broken": ');
    // Removed, it is written from scratch.
    await rm(path.join(dir, 'locales/ja/common.json'));
    const fixed = await cli();
    expect(fixed.code).toBe(0);
    expect((await cli('--check')).code).toBe(0);
  });
});
