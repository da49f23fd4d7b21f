import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { scratchProject } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { startTestRedis } from './helpers/test-redis.ts';

let redis: Awaited<ReturnType<typeof startTestRedis>>;
let dir: string;

async function cli(...args: string[]): Promise<{ code: number | null; stdout: string; report?: RunReport }> {
  const report = path.join(dir, 'report.json');
  await writeFile(report, '{}');
  const withReport = args[0] === 'accept' || args.includes('--check') ? args : [...args, '--report', report];
  const r = await runMain([...withReport, '--config', path.join(dir, 'translate-locales.config.json')], { cwd: dir, env: { REDIS_URL: redis.url } });
  const parsed = JSON.parse(await readFile(report, 'utf8')) as RunReport;
  return { code: r.code, stdout: r.stdout + r.stderr, report: parsed.totals ? parsed : undefined };
}

async function edit(file: string, from: string, to: string): Promise<void> {
  const full = path.join(dir, file);
  const text = await readFile(full, 'utf8');
  expect(text).toContain(from);
  await writeFile(full, text.replace(from, to));
}

const de = () => readFile(path.join(dir, 'locales/de/common.json'), 'utf8');
const HAND = 'Noch keine Dateien. <strong>Lade</strong> die erste hoch.';

beforeAll(async () => {
  redis = await startTestRedis();
  dir = await scratchProject(undefined, (c) => ({ ...c, targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}/*.json' }, { format: 'markdown', source: 'docs/{locale}/**/*.md' }] }));
  expect((await cli()).code).toBe(0);
});
afterAll(() => redis.stop());

describe('translate-locales accept', () => {
  it('a conflict is printed by a normal run and listed in the report with file and line; accept resolves it for good', async () => {
    const machine = JSON.parse(await de()) as { files: { empty: string } };
    await edit('locales/de/common.json', JSON.stringify(machine.files.empty), JSON.stringify(HAND));
    await edit('locales/en/common.json', 'No files yet. <strong>Upload</strong> your first one.', 'Nothing here yet. <strong>Upload</strong> a file.');
    const heading = 'Install the package with `npm install acme` and run it once; the first run creates a config file.';
    const mdTarget = path.join(dir, 'docs/de/getting-started.md');
    const mdMachine = (await readFile(mdTarget, 'utf8')).split('\n').find((l) => l.includes('`npm install acme`'))!;
    await edit('docs/de/getting-started.md', mdMachine, 'Installiere das Paket mit `npm install acme` und starte es einmal.');
    await edit('docs/en/getting-started.md', heading, 'Install the package with `npm install acme`, then run it once.');

    const run = await cli();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/conflict: locales\/de\/common.json \(source locales\/en\/common.json:10:\d+\): \/files\/empty: edited by hand and its source changed since/);
    expect(run.stdout).toMatch(/conflict: docs\/de\/getting-started.md \(source docs\/en\/getting-started.md:\d+:\d+\): .*edited by hand/);
    const json = run.report!.files.find((f) => f.target === 'locales/de/common.json')!;
    expect(json.conflicts).toEqual([expect.stringMatching(/^locales\/de\/common.json \(source locales\/en\/common.json:10:\d+\): \/files\/empty: /)]);
    expect(JSON.parse(await de()).files.empty).toBe(HAND);
    const check = await cli('--check');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/conflict: locales\/de\/common.json/);

    const refused = await cli('accept', 'locales/en/common.json');
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/locales\/en\/common.json: not a target file of this config/);

    const accepted = await cli('accept', 'locales/de/common.json', 'docs/de');
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(/accepted: locales\/de\/common.json: 1 edited unit \(1 in conflict\)/);
    expect(accepted.stdout).toMatch(/accepted: docs\/de\/getting-started.md: 1 edited unit/);
    const green = await cli('--check');
    expect(green.stdout).toBe('All targets are current.\n');
    expect(green.code).toBe(0);

    const next = await cli();
    expect(next.code).toBe(0);
    expect(next.report!.files.flatMap((f) => f.conflicts)).toEqual([]);
    expect(next.report!.files.find((f) => f.target === 'locales/de/common.json')!.kept).toBe(1);
    expect(JSON.parse(await de()).files.empty).toBe(HAND);
    expect(await readFile(mdTarget, 'utf8')).toContain('Installiere das Paket mit `npm install acme` und starte es einmal.');

    // Accepted against this source only: a later change of the source is a conflict again.
    await edit('locales/en/common.json', 'Nothing here yet.', 'Nothing here.');
    const again = await cli();
    expect(again.stdout).toMatch(/conflict: locales\/de\/common.json \(source locales\/en\/common.json:10:\d+\): \/files\/empty/);
    expect(JSON.parse(await de()).files.empty).toBe(HAND);
  });
});
