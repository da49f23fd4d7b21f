import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planInputs } from '../src/pipeline/plan-inputs.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { checkProject, type CheckFinding } from '../src/pipeline/check-project.ts';
import { packageRoot } from '../src/util/package-root.ts';
import { runMain } from './helpers/run-main.ts';

// `--check` in process on a small project that a pseudo run translated (JSON, Markdown, PO; de and fr),
// then changed one way per test. The fixture's memory and state are what that run wrote: see
// test/fixtures/check-project/, made with `translate-locales` (pseudo provider) in that folder.
const FIXTURE = path.join(packageRoot(import.meta.url), 'test/fixtures/check-project');

async function project(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-check-'));
  await cp(FIXTURE, dir, { recursive: true });
  return dir;
}

async function check(dir: string, edit?: (c: Record<string, unknown>) => Record<string, unknown>): Promise<CheckFinding[]> {
  const file = path.join(dir, 'translate-locales.config.json');
  if (edit) await writeFile(file, JSON.stringify(edit(JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>)));
  const config = await loadConfig(file, {}, {});
  const inputs = await planInputs(config);
  try {
    return await checkProject(config, inputs);
  } finally {
    await inputs.memory.close();
  }
}

async function change(dir: string, file: string, edit: (text: string) => string): Promise<void> {
  const at = path.join(dir, file);
  const before = await readFile(at, 'utf8');
  const after = edit(before);
  expect(after, `${file} must change`).not.toBe(before);
  await writeFile(at, after);
}

/** Every file of the project with its bytes. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
  return Object.fromEntries(await Promise.all(files.sort().map(async (f) => [f, (await readFile(path.join(dir, f))).toString('base64')] as const)));
}

const brief = (findings: CheckFinding[]) => findings.map((f) => `${f.kind}: ${f.message}`);

describe('checkProject', () => {
  it('finds nothing to do in a project a run has just translated, and writes nothing', async () => {
    const dir = await project();
    const before = await snapshot(dir);
    expect(await check(dir)).toEqual([]);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('reports a missing target file, pointing at its source', async () => {
    const dir = await project();
    await rm(path.join(dir, 'docs/fr/intro.md'));
    expect(await check(dir)).toEqual([{ kind: 'missing', message: 'docs/fr/intro.md: missing', file: 'docs/en/intro.md' }]);
  });

  it('reports a new source string as not translated, in every locale, at its source line', async () => {
    const dir = await project();
    await change(dir, 'locales/en.json', (t) => t.replace('"bye": "Goodbye"', '"bye": "Goodbye",\n  "later": "See you later"'));
    const findings = await check(dir);
    expect(brief(findings)).toEqual(['missing: locales/de.json: /later: not translated', 'missing: locales/fr.json: /later: not translated']);
    for (const f of findings) expect(f).toMatchObject({ file: 'locales/en.json', line: 5 });
  });

  it('reports a translation whose source changed as stale, at the source line', async () => {
    const dir = await project();
    await change(dir, 'docs/en/intro.md', (t) => t.replace('Run `npm ci` first.', 'Run `npm ci` before anything else.'));
    const findings = await check(dir);
    expect(findings.map((f) => [f.kind, f.file, f.line])).toEqual([
      ['stale', 'docs/en/intro.md', 5],
      ['stale', 'docs/en/intro.md', 5],
    ]);
    expect(findings.map((f) => f.message.split(':')[0])).toEqual(['docs/de/intro.md', 'docs/fr/intro.md']);
    expect(findings[0].message).toMatch(/: source changed since it was translated$/);
  });

  it('reports a target that cannot be read as text as invalid, and checks the other targets', async () => {
    const dir = await project();
    await writeFile(path.join(dir, 'locales/de.json'), Buffer.concat([Buffer.from('{\n  "title": "Willkommen '), Buffer.from([0xff, 0xfe]), Buffer.from('"\n}\n')]));
    const findings = await check(dir);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'invalid', file: 'locales/en.json' });
    expect(findings[0].message).toMatch(/^locales\/de\.json:2: cannot be read: not valid UTF-8; left as it is$/);
  });

  it('reports a target that is not valid JSON as invalid, at its line, and left as it is (not as one a run would replace)', async () => {
    const dir = await project();
    await change(dir, 'locales/de.json', (t) => t.replace(/\}\s*$/, ''));
    expect(await check(dir)).toEqual([{ kind: 'invalid', file: 'locales/en.json', message: 'locales/de.json:5:1: invalid JSON: CloseBraceExpected; left as it is' }]);
  });

  it('takes an empty JSON target for one without translations, not for a problem', async () => {
    const dir = await project();
    await writeFile(path.join(dir, 'locales/de.json'), '\n');
    expect(brief(await check(dir))).toEqual(['outdated: locales/de.json: differs from what a run would write (edited outside translated text, or never written by this version)']);
  });

  it('takes the text of a JSON target the state has no record of for a person\'s, unless it is empty or the source\'s own', async () => {
    const dir = await project();
    // Translated by people before this tool ran: no record of the target in the state.
    const stateFile = path.join(dir, '.translate-locales/state.json');
    const state = JSON.parse(await readFile(stateFile, 'utf8')) as Record<string, unknown>;
    delete state['locales/de.json'];
    await writeFile(stateFile, JSON.stringify(state));
    const human = '{\n  "title": "Willkommen",\n  "greeting": "Hallo {name}, du hast {count} neue Nachrichten",\n  "bye": "Tschüss"\n}\n';
    await writeFile(path.join(dir, 'locales/de.json'), human);
    expect(await check(dir)).toEqual([]);
    // A copy of the source's text, or an empty one, is no one's translation: a run translates it.
    await writeFile(path.join(dir, 'locales/de.json'), human.replace('"Tschüss"', '"Goodbye"').replace('"Willkommen"', '""'));
    expect(brief(await check(dir))).toEqual(['outdated: locales/de.json: differs from what a run would write (edited outside translated text, or never written by this version)']);
  });

  it('names a PO entry as gettext does (msgctxt, msgid, the plural form), never with its key\'s control characters', async () => {
    const dir = await project();
    await change(dir, 'po/messages.pot', (t) => `${t}\nmsgctxt "menu"\nmsgid "Open"\nmsgstr ""\n\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n`);
    const findings = brief(await check(dir, (c) => ({ ...c, targetLocales: ['de'] })));
    expect(findings).toEqual([
      'missing: po/de.po: msgctxt "menu" msgid "Open": not translated',
      'missing: po/de.po: msgid "%d file" msgstr[0]: not translated',
      'missing: po/de.po: msgid "%d file" msgstr[1]: not translated',
    ]);
  });

  it('reports a PO target that cannot be parsed as invalid', async () => {
    const dir = await project();
    await change(dir, 'po/fr.po', (t) => t.replace('msgid "One item"', 'msgid "One item'));
    const findings = await check(dir);
    expect(findings).toEqual([{ kind: 'invalid', file: 'po/messages.pot', message: expect.stringMatching(/^po\/messages\.pot: existing target catalogue for fr is malformed \(line \d+: .*\); fix or remove it$/) }]);
  });

  it('reports a hand edit that lost a placeholder as invalid', async () => {
    const dir = await project();
    await change(dir, 'locales/de.json', (t) => t.replace(/"greeting": "[^"]*"/, '"greeting": "Hallo {name}, du hast neue Nachrichten"'));
    expect(brief(await check(dir))).toEqual(['invalid: locales/de.json: /greeting: placeholders differ from the source']);
  });

  it("takes a person's plural forms that repeat a placeholder (Docusaurus's `one|other` strings) for what they are, not for changed placeholders", async () => {
    const dir = await project();
    await change(dir, 'locales/en.json', (t) => t.replace('"bye": "Goodbye"', '"bye": "Goodbye",\n  "found": "One document found|{count} documents found"'));
    await change(dir, 'locales/de.json', (t) => t.replace(/("bye": "[^"]*")/, '$1,\n  "found": "{count} Dokument gefunden|{count} Dokumente gefunden"'));
    const findings = brief(await check(dir));
    expect(findings.filter((f) => f.includes('de.json'))).toEqual([]);
    expect(findings).toContain('missing: locales/fr.json: /found: not translated');
  });

  it('keeps a hand edit of the translation: nothing to do while its source stays', async () => {
    const dir = await project();
    await change(dir, 'locales/de.json', (t) => t.replace(/"bye": "[^"]*"/, '"bye": "Tschüss"'));
    await change(dir, 'docs/fr/intro.md', (t) => t.replace(/^# .*$/m, '# Présentation'));
    expect(await check(dir)).toEqual([]);
  });

  it('reports a hand edit whose source changed since as a conflict to review', async () => {
    const dir = await project();
    await change(dir, 'locales/de.json', (t) => t.replace(/"bye": "[^"]*"/, '"bye": "Tschüss"'));
    await change(dir, 'locales/en.json', (t) => t.replace('"Goodbye"', '"Goodbye for now"'));
    const findings = await check(dir);
    expect(findings.map((f) => f.kind)).toEqual(['conflict', 'stale']);
    expect(findings[0].message).toMatch(/^locales\/de\.json \(source locales\/en\.json:4:10\): \/bye: edited by hand and its source changed since; kept/);
    expect(findings[1].message).toBe('locales/fr.json: /bye: source changed since it was translated');
  });

  it('reports a target changed outside its translated text as differing from what a run writes', async () => {
    const dir = await project();
    await change(dir, 'locales/fr.json', (t) => t.replaceAll('\n  ', '\n    '));
    expect(brief(await check(dir))).toEqual(['outdated: locales/fr.json: differs from what a run would write (edited outside translated text, or never written by this version)']);
  });

  it('reports a target whose byte-order mark differs from its source\'s, as a run would write it again', async () => {
    const dir = await project();
    const bom = (file: string) => change(dir, file, (t) => `\ufeff${t}`);
    await bom('locales/en.json');
    const outdated = 'differs from what a run would write (edited outside translated text, or never written by this version)';
    expect(brief(await check(dir))).toEqual([`outdated: locales/de.json: ${outdated}`, `outdated: locales/fr.json: ${outdated}`]);
    await bom('locales/de.json');
    await bom('locales/fr.json');
    expect(await check(dir)).toEqual([]);
  });

  it('--check says what clears its findings: a run only for what a run updates; a conflict is reviewed and accepted; one problem is "1 problem"', async () => {
    const dir = await project();
    const cli = async () => (await runMain(['--check', '--config', path.join(dir, 'translate-locales.config.json')])).stdout.trim().split('\n').at(-1);
    // A person rewrites "bye" in both locales; then its source changes: two hand edits in conflict, nothing a run would change.
    for (const locale of ['de', 'fr']) await change(dir, `locales/${locale}.json`, (t) => t.replace(/"bye": ".*"/, '"bye": "Tschüss"'));
    await change(dir, 'locales/en.json', (t) => t.replace('"Goodbye"', '"Goodbye for now"'));
    expect((await check(dir)).map((f) => f.kind)).toEqual(['conflict', 'conflict']);
    expect(await cli()).toBe('2 problems: review the 2 hand edits in conflict, then translate-locales accept their targets');
    // One of them accepted: one conflict left.
    expect((await runMain(['accept', 'locales/fr.json'], { cwd: dir })).code).toBe(0);
    expect(await cli()).toBe('1 problem: review the hand edit in conflict, then translate-locales accept its target');
    // With a missing translation beside it, a run is advised too.
    await change(dir, 'locales/en.json', (t) => t.replace('"title": "Welcome",', '"title": "Welcome",\n  "later": "See you later",'));
    expect(await cli()).toBe('3 problems: run translate-locales to update the targets; review the hand edit in conflict, then translate-locales accept its target');
  });

  it('reports machine translations not yet reviewed when the config asks (po.failOnFuzzy)', async () => {
    const dir = await project();
    expect(await check(dir, (c) => ({ ...c, po: { failOnFuzzy: false } }))).toEqual([]);
    const findings = await check(dir, (c) => ({ ...c, po: { failOnFuzzy: true } }));
    expect(findings.length).toBeGreaterThanOrEqual(2);
    for (const f of findings) expect(f.kind).toBe('invalid');
    expect(new Set(findings.map((f) => f.message.split(':')[0]))).toEqual(new Set(['po/de.po', 'po/fr.po']));
  });
});
