import { copyFile, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { po } from 'gettext-parser';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { msgfmtCheck } from './helpers/msgfmt.ts';
import { scratchProject } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { useSimulatedEnv } from './helpers/simulated-env.ts';

const KEY = 'sk-po-e2e-000000000000';
const FIXTURES = path.join(import.meta.dirname, 'fixtures/po');
const simulated = { provider: { name: 'qwen-mt', model: 'qwen-mt-flash' }, rateLimit: { rpm: 6000, tpm: 20_000_000 } };

async function run(dir: string): Promise<{ code: number | null; report: RunReport; out: string }> {
  const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json')], { env: ctx.env });
  return { code: r.code, out: r.stdout + r.stderr, report: JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport };
}

const ctx = useSimulatedEnv(KEY);

describe('po through the queue and the simulator', () => {
  it('template → one catalogue per locale, each passing msgfmt --check; a rerun changes nothing', async () => {
    const dir = await scratchProject(undefined, (c) => ({
      ...c, ...simulated, targetLocales: ['de', 'ja', 'ru', 'ar', 'fr'], files: [{ format: 'po', source: 'po/messages.pot', target: 'po/{locale}.po' }],
    }));
    const first = await run(dir);
    expect(first.code).toBe(0);
    expect(first.report.files.map((f) => f.status)).toEqual(['written', 'written', 'written', 'written', 'written']);
    for (const locale of ['de', 'ja', 'ru', 'ar', 'fr']) {
      const file = path.join(dir, `po/${locale}.po`);
      expect(msgfmtCheck(file)).toBeNull();
      const parsed = po.parse(await readFile(file));
      expect(parsed.headers.Language).toBe(locale);
      expect(parsed.translations['']['Welcome to Acme'].msgstr[0]).not.toMatch(/^$|Welcome/);
    }
    // One request per locale, one per plural form whose counts the model is told (Qwen-MT takes
    // one domain hint per request): ru 3, ar 5, fr 2, and one per msgctxt ("menu", "door state") in each.
    const requests = ctx.sim.stats.ok;
    expect(requests).toBe(15 + 2 * 5);
    // The counts reached the service as the domain prompt.
    const domains = ctx.sim.log.map((l) => String(l.translationOptions.domains ?? ''));
    expect(domains).toContainEqual(expect.stringMatching(/^Plural form for the counts 1, 21, 31, 41, 51, 61, …/));
    expect(domains).toContainEqual(expect.stringMatching(/^Plural form for the counts 0, 1, …/));
    const mtime = (await stat(path.join(dir, 'po/ru.po'))).mtimeMs;
    ctx.sim.reset();
    const second = await run(dir);
    expect(second.code).toBe(0);
    expect(ctx.sim.stats.requests).toBe(0);
    expect(second.report.files.every((f) => f.status === 'unchanged')).toBe(true);
    expect((await stat(path.join(dir, 'po/ru.po'))).mtimeMs).toBe(mtime);
  });

  it('msgctxt reaches the model: entries of one msgid in different contexts are translated apart, each told its context', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-po-ctx-'));
    await mkdir(path.join(dir, 'po'));
    const pot = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgctxt "menu"\nmsgid "Open"\nmsgstr ""\n\nmsgctxt "state"\nmsgid "Open"\nmsgstr ""\n\nmsgid "Open"\nmsgstr ""\n';
    await writeFile(path.join(dir, 'po/app.pot'), pot);
    await writeFile(path.join(dir, 'translate-locales.config.json'), JSON.stringify({ sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'po', source: 'po/app.pot', target: 'po/{locale}.po' }], ...simulated }));
    ctx.sim.reset();
    const first = await run(dir);
    expect(first.code).toBe(0);
    expect(first.report.totals.translated).toBe(3);
    const domains = ctx.sim.log.map((l) => String(l.translationOptions.domains ?? '')).sort();
    expect(domains).toEqual(['', expect.stringContaining('"menu"'), expect.stringContaining('"state"')]);
    // Three translations in the memory: a reviewer's "Offen" for the state never becomes the menu's verb.
    const memory = (await readFile(path.join(dir, '.translate-locales/memory/de.jsonl'), 'utf8')).trim().split('\n');
    expect(memory.filter((l) => (JSON.parse(l) as { source: string }).source === 'Open')).toHaveLength(3);
    expect(msgfmtCheck(path.join(dir, 'po/de.po'))).toBeNull();
  });

  it('existing catalogues are filled in place: human work kept, locale from the path or the Language header', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-po-'));
    await mkdir(path.join(dir, 'po'));
    await copyFile(path.join(FIXTURES, 'de.po'), path.join(dir, 'po/de.po'));
    await copyFile(path.join(FIXTURES, 'fr-latin1.po'), path.join(dir, 'po/french.po'));
    await writeFile(path.join(dir, 'translate-locales.config.json'), JSON.stringify({ sourceLocale: 'en', targetLocales: ['de', 'fr'], files: [{ format: 'po', source: 'po/*.po' }], ...simulated }));
    const { code, report } = await run(dir);
    expect(code).toBe(0);
    expect(report.files.map((f) => [f.target, f.locale, f.status])).toEqual([
      ['po/de.po', 'de', 'written'],
      ['po/french.po', 'fr', 'written'],
    ]);
    // de.po's own fuzzy entry is a person's unfinished work (its format does not match yet).
    expect(msgfmtCheck(path.join(dir, 'po/de.po'), { fuzzy: false })).toBeNull();
    expect(msgfmtCheck(path.join(dir, 'po/french.po'))).toBeNull();
    const de = await readFile(path.join(dir, 'po/de.po'), 'utf8');
    expect(de).toContain('msgid "Welcome to Acme"\nmsgstr "Willkommen bei Acme"\n');
    expect(de).toContain('#~ msgid "Old string"');
    const fr = po.parse(await readFile(path.join(dir, 'po/french.po')));
    expect(fr.translations['']['Café menu'].msgstr[0]).toBe('Menu du café');
    expect(fr.translations['']['Close window'].comments?.flag).toBe('fuzzy');
  });

  it('a malformed catalogue is reported with its line; the others are still done', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-po-'));
    await mkdir(path.join(dir, 'po'));
    await copyFile(path.join(FIXTURES, 'de.po'), path.join(dir, 'po/de.po'));
    await writeFile(path.join(dir, 'po/fr.po'), 'msgid ""\nmsgstr "Language: fr\\n"\n\nmsgid "x"\nmsgstr "unterminated\n');
    await writeFile(path.join(dir, 'translate-locales.config.json'), JSON.stringify({ sourceLocale: 'en', targetLocales: ['de', 'fr'], files: [{ format: 'po', source: 'po/*.po' }], ...simulated }));
    const before = await readFile(path.join(dir, 'po/fr.po'));
    const { code, out } = await run(dir);
    expect(code).toBe(1);
    expect(out).toContain('po/fr.po:5: unterminated or malformed string');
    expect(await readFile(path.join(dir, 'po/fr.po'))).toEqual(before);
    expect(msgfmtCheck(path.join(dir, 'po/de.po'), { fuzzy: false })).toBeNull();
  });
});
