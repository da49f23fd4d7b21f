import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { msgfmtCheck } from './helpers/msgfmt.ts';
import { runMain } from './helpers/run-main.ts';
import { useSimulatedEnv } from './helpers/simulated-env.ts';

const KEY = 'sk-po-review-0000000000';
const TEMPLATE = path.join(import.meta.dirname, 'fixtures/po/django/en.po');
const ctx = useSimulatedEnv(KEY);

async function project(po: Record<string, unknown> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-po-review-'));
  await mkdir(path.join(dir, 'locale'));
  await copyFile(TEMPLATE, path.join(dir, 'locale/django.pot'));
  const config = {
    sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'po', source: 'locale/django.pot', target: 'locale/{locale}.po' }],
    provider: { name: 'qwen-mt', model: 'qwen-mt-flash' }, rateLimit: { rpm: 6000, tpm: 20_000_000 }, po,
  };
  await writeFile(path.join(dir, 'translate-locales.config.json'), JSON.stringify(config));
  return dir;
}

async function run(dir: string, ...args: string[]) {
  const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json'), ...args], { env: ctx.env });
  const report = args.includes('--check') ? undefined : (JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport);
  return { code: r.code, out: r.stdout + r.stderr, report };
}

/** Edits one entry (found by its msgid line) as a translator would in Poedit. */
function edit(text: string, msgid: string, change: (block: string) => string): string {
  const blocks = text.split('\n\n');
  const i = blocks.findIndex((b) => b.includes(`\nmsgid "${msgid}"\n`));
  expect(i).toBeGreaterThan(0);
  blocks[i] = change(blocks[i]);
  return blocks.join('\n\n');
}

describe('po: reviewed entries are a person\'s', () => {
  it('an entry whose fuzzy flag was removed, or whose msgstr a person changed, is kept; --check calls none of them outdated', async () => {
    const dir = await project();
    expect((await run(dir)).code).toBe(0);
    const file = path.join(dir, 'locale/de.po');
    let text = await readFile(file, 'utf8');
    // Reviewed as it was: the fuzzy flag removed.
    text = edit(text, 'action time', (b) => b.replace('#, fuzzy\n', ''));
    // Reviewed and corrected.
    text = edit(text, 'Cannot delete %(name)s', (b) => b.replace('#, fuzzy, python-format', '#, python-format').replace(/msgstr ".*"/, 'msgstr "%(name)s kann nicht gelöscht werden"'));
    // Corrected, not yet marked reviewed.
    text = edit(text, 'Recently added', (b) => b.replace(/msgstr ".*"/, 'msgstr "Kürzlich hinzugefügt"'));
    await writeFile(file, text);

    const check = await run(dir, '--check');
    expect(check.out).not.toMatch(/outdated/);
    expect(check.out).toContain('All targets are current.');
    expect(check.code).toBe(0);

    ctx.sim.reset();
    const again = await run(dir);
    expect(again.code).toBe(0);
    expect(ctx.sim.stats.requests).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(again.report!.files[0]).toMatchObject({ status: 'unchanged', kept: 1 });
    expect(msgfmtCheck(file)).toBeNull();
  });

  it('with markFuzzy off, an entry whose msgstr a person changed is kept', async () => {
    const dir = await project({ markFuzzy: false });
    expect((await run(dir)).code).toBe(0);
    const file = path.join(dir, 'locale/de.po');
    const text = edit(await readFile(file, 'utf8'), 'action time', (b) => b.replace(/msgstr ".*"/, 'msgstr "Zeitpunkt der Aktion"'));
    await writeFile(file, text);
    const check = await run(dir, '--check');
    expect(check.code).toBe(0);
    const again = await run(dir);
    expect(again.code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(again.report!.files[0].kept).toBe(1);
    expect(msgfmtCheck(file)).toBeNull();
  });

  it('entries with nothing to translate are filled without a request and counted', async () => {
    const dir = await project();
    const { code, report } = await run(dir);
    expect(code).toBe(0);
    expect(report!.files[0]).toMatchObject({ copied: 3, failed: 0 });
    expect(report!.totals.copied).toBe(3);
    const de = await readFile(path.join(dir, 'locale/de.po'), 'utf8');
    expect(de).toContain('msgid "%(class_name)s %(instance)s"\nmsgstr "%(class_name)s %(instance)s"\n');
    expect(de).toContain('msgid "…"\nmsgstr "…"\n');
    expect(msgfmtCheck(path.join(dir, 'locale/de.po'))).toBeNull();
  });

  it('a rerun leaves the catalogue and state.json byte for byte, entries with nothing to translate included', async () => {
    const dir = await project();
    expect((await run(dir)).code).toBe(0);
    const state = path.join(dir, '.translate-locales/state.json');
    const before = { po: await readFile(path.join(dir, 'locale/de.po'), 'utf8'), state: await readFile(state, 'utf8') };
    ctx.sim.reset();
    const again = await run(dir);
    expect(again.code).toBe(0);
    expect(ctx.sim.stats.requests).toBe(0);
    // The copied entries stay the machine's: counted as copied on every run, their records kept.
    expect(again.report!.files[0]).toMatchObject({ status: 'unchanged', copied: 3, kept: 0 });
    expect(await readFile(path.join(dir, 'locale/de.po'), 'utf8')).toBe(before.po);
    expect(await readFile(state, 'utf8')).toBe(before.state);
  });
});
