import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planInputs } from '../src/cli/plan-inputs.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { checkProject, type CheckFinding } from '../src/pipeline/check-project.ts';
import { runMain } from './helpers/run-main.ts';
import { startTestRedis } from './helpers/test-redis.ts';

// checkProject directly: each kind of finding from one small project, translated once (pseudo, in process).

const SOURCE = '{\n  "title": "Dashboard",\n  "greeting": "Hello, {name}!",\n  "bye": "Goodbye"\n}\n';

let redis: Awaited<ReturnType<typeof startTestRedis>>;
let untranslated: string;
let translated: string;
const scratch: string[] = [];

async function copyOf(dir: string): Promise<string> {
  const copy = await mkdtemp(path.join(os.tmpdir(), 'tl-check-'));
  scratch.push(copy);
  await cp(dir, copy, { recursive: true });
  return copy;
}

async function check(dir: string): Promise<CheckFinding[]> {
  const config = await loadConfig(path.join(dir, 'translate-locales.config.json'), {}, {});
  const inputs = await planInputs(config);
  return checkProject(config, inputs).finally(() => inputs.memory.close());
}

async function editJson(file: string, edit: (j: Record<string, string>) => void): Promise<void> {
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  edit(json);
  await writeFile(file, JSON.stringify(json, null, 2) + '\n');
}

beforeAll(async () => {
  redis = await startTestRedis();
  untranslated = await mkdtemp(path.join(os.tmpdir(), 'tl-check-'));
  scratch.push(untranslated);
  await mkdir(path.join(untranslated, 'locales/en'), { recursive: true });
  await writeFile(path.join(untranslated, 'locales/en/app.json'), SOURCE);
  await writeFile(
    path.join(untranslated, 'translate-locales.config.json'),
    JSON.stringify({ sourceLocale: 'en', targetLocales: ['de', 'ja'], files: [{ format: 'json', source: 'locales/{locale}/*.json' }], provider: { name: 'pseudo' } }),
  );
  translated = await copyOf(untranslated);
  const run = await runMain(['--config', path.join(translated, 'translate-locales.config.json')], { env: { REDIS_URL: redis.url } });
  expect(run.code, run.stderr).toBe(0);
});
afterAll(async () => {
  await redis.stop();
  await Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true })));
});

describe('checkProject', () => {
  it('finds nothing once every target is current', async () => {
    expect(await check(await copyOf(translated))).toEqual([]);
  });

  it('a target never written: one missing finding per target file, pointing at its source', async () => {
    expect(await check(await copyOf(untranslated))).toEqual([
      { kind: 'missing', message: 'locales/de/app.json: missing', file: 'locales/en/app.json' },
      { kind: 'missing', message: 'locales/ja/app.json: missing', file: 'locales/en/app.json' },
    ]);
  });

  it('a changed source string: stale in every locale, with the source line of the unit', async () => {
    const dir = await copyOf(translated);
    await editJson(path.join(dir, 'locales/en/app.json'), (j) => (j.bye = 'See you'));
    const findings = await check(dir);
    expect(findings.map((f) => [f.kind, f.file, f.line])).toEqual([
      ['stale', 'locales/en/app.json', 4],
      ['stale', 'locales/en/app.json', 4],
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^locales\/de\/app.json: .*bye.*: source changed since it was translated$/),
      expect.stringMatching(/^locales\/ja\/app.json: .*bye.*: source changed since it was translated$/),
    ]);
  });

  it('a new source string is missing; a hand edit that drops a placeholder is invalid', async () => {
    const dir = await copyOf(translated);
    await editJson(path.join(dir, 'locales/en/app.json'), (j) => (j.extra = 'Something new'));
    await editJson(path.join(dir, 'locales/de/app.json'), (j) => (j.greeting = 'Hallo!'));
    const findings = await check(dir);
    expect(findings.filter((f) => f.kind === 'missing').map((f) => f.message)).toEqual([
      expect.stringMatching(/^locales\/de\/app.json: .*extra.*: not translated$/),
      expect.stringMatching(/^locales\/ja\/app.json: .*extra.*: not translated$/),
    ]);
    expect(findings.filter((f) => f.kind === 'invalid').map((f) => f.message)).toEqual([expect.stringMatching(/^locales\/de\/app.json: .*greeting.*: placeholders differ from the source$/)]);
  });

  it('a hand edit whose source changed too is a conflict; a target edited outside its text is outdated', async () => {
    const dir = await copyOf(translated);
    await editJson(path.join(dir, 'locales/de/app.json'), (j) => (j.title = 'Übersicht'));
    await editJson(path.join(dir, 'locales/en/app.json'), (j) => (j.title = 'Main dashboard'));
    const ja = path.join(dir, 'locales/ja/app.json');
    await writeFile(ja, JSON.stringify(JSON.parse(await readFile(ja, 'utf8'))) + '\n');
    const findings = await check(dir);
    expect(findings.filter((f) => f.kind === 'conflict').map((f) => f.message)).toEqual([expect.stringMatching(/locales\/de\/app.json.*title.*edited by hand and its source changed/)]);
    expect(findings.filter((f) => f.kind === 'stale').map((f) => f.message)).toEqual([expect.stringMatching(/^locales\/ja\/app.json: .*title/)]);
    // The ja target still has a stale unit: "outdated" is only said of a target with nothing left to translate.
    const fixed = await copyOf(translated);
    await writeFile(path.join(fixed, 'locales/ja/app.json'), JSON.stringify(JSON.parse(await readFile(path.join(fixed, 'locales/ja/app.json'), 'utf8'))) + '\n');
    expect(await check(fixed)).toEqual([{ kind: 'outdated', message: 'locales/ja/app.json: differs from what a run would write (edited outside translated text, or never written by this version)' }]);
  });
});
