import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planInputs } from '../src/pipeline/plan-inputs.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { jsonFormat } from '../src/formats/json/json-format.ts';
import { poFormat } from '../src/formats/po/po-format.ts';
import { compilePluralForms } from '../src/formats/po/plural-forms.ts';
import { packBatches } from '../src/pipeline/pack-batches.ts';
import { planRun } from '../src/pipeline/plan-run.ts';
import { restore } from '../src/segments/placeholders.ts';
import { msgfmtCheck } from './helpers/msgfmt.ts';
import { targetContext } from './helpers/target-context.ts';

const TEMPLATE = readFileSync(path.join(import.meta.dirname, 'fixtures/po/django/en.po'), 'utf8');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tl-plural-'));

/** A "translation" that keeps its source and says which one it was: the forms' origins show in the output. */
function render(locale: string) {
  const doc = poFormat.parse({ path: 'django.po', text: TEMPLATE });
  const target = targetContext(locale);
  const units = poFormat.units(doc, target);
  const map = new Map(units.map((u) => [u.id, u.verbatim ? u.source : restore(u.protected, `${locale.toUpperCase()}: ${u.protected.text}`)]));
  const out = poFormat.render(doc, target, (u) => map.get(u.id));
  return { out, units: units.filter((u) => u.id.includes('an hour ago')) };
}

describe('gettext plural forms whose first form is not only for 1', () => {
  it.each(['ru', 'uk', 'be', 'sr', 'hr', 'bs', 'lt'])('%s: every form of "an hour ago" comes from msgid_plural, and msgfmt --check-format accepts the catalogue', (locale) => {
    const { out, units } = render(locale);
    expect(units.map((u) => u.source)).toEqual(units.map(() => '%(count)s hours ago'));
    expect(units[0].hint).toMatch(/counts 1, 21, 31, 41, 51, 61, …/);
    expect(new Set(units.map((u) => u.hint)).size).toBe(units.length);
    const file = path.join(tmp, `${locale}.po`);
    writeFileSync(file, out);
    expect(msgfmtCheck(file)).toBeNull();
  });

  it('a form used by n = 1 alone comes from msgid, without a hint (de, pl); ja has one form for every count', () => {
    expect(render('de').units.map((u) => [u.source, u.hint])).toEqual([['an hour ago', undefined], ['%(count)s hours ago', undefined]]);
    expect(render('pl').units.map((u) => u.source)).toEqual(['an hour ago', '%(count)s hours ago', '%(count)s hours ago']);
    expect(render('pl').units.slice(1).map((u) => u.hint)).toEqual([expect.stringMatching(/counts 2, 3, 4, 22, 23, 24, …/), expect.stringMatching(/counts 0, 5, 6, 7, 8, 9, …/)]);
    expect(render('ja').units.map((u) => [u.source, u.hint])).toEqual([['%(count)s hours ago', undefined]]);
  });

  it('French: the form for 0 and 1 comes from msgid_plural, told its counts', () => {
    const { units, out } = render('fr');
    expect(units.map((u) => u.source)).toEqual(['%(count)s hours ago', '%(count)s hours ago']);
    expect(units[0].hint).toMatch(/counts 0, 1, …/);
    const file = path.join(tmp, 'fr.po');
    writeFileSync(file, out);
    expect(msgfmtCheck(file)).toBeNull();
  });

  it("a catalogue's fourth form that no whole number selects is told its fractional counts", () => {
    const existing = readFileSync(path.join(import.meta.dirname, 'fixtures/po/django/ru.po'), 'utf8');
    const doc = poFormat.parse({ path: 'django.po', text: TEMPLATE });
    const units = poFormat.units(doc, targetContext('ru', { existing })).filter((u) => u.id.includes('an hour ago'));
    expect(units).toHaveLength(4);
    expect(units[3].hint).toMatch(/counts such as 0\.5, 1\.5, 21\.5/);
  });

  it('the hint reaches the request as its domain prompt, a request per distinct hint', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-plural-'));
    await mkdir(path.join(dir, 'locale'));
    await writeFile(path.join(dir, 'locale/en.po'), TEMPLATE);
    await writeFile(path.join(dir, 'c.json'), JSON.stringify({ sourceLocale: 'en', targetLocales: ['ru'], domains: 'Django admin.', files: [{ format: 'po', source: 'locale/{locale}.po' }] }));
    const config = await loadConfig(path.join(dir, 'c.json'), {}, { DASHSCOPE_API_KEY: 'sk-test' });
    const inputs = await planInputs(config);
    const plan = await planRun(config, inputs);
    await inputs.memory.close();
    const batches = packBatches(plan.pending.values(), 'qwen-mt', { maxTokens: 100_000, maxInputTokens: 8000, maxSegments: 200 });
    const domains = batches.map((b) => b.data.domains);
    expect(domains[0]).toBe('Django admin.');
    expect(domains.slice(1)).toEqual([expect.stringMatching(/^Django admin\. Plural form for the counts 1, 21, 31/), expect.stringMatching(/counts 2, 3, 4, 22/), expect.stringMatching(/counts 0, 5, 6, 7/)]);
    expect(batches[1].data.segments.map((s) => s.text)).toEqual(['All {0} selected', '{0} hours ago', '{0} results']);
  });
});

describe('Plural-Forms formulas read from catalogues', () => {
  it('are evaluated as C evaluates them (Romanian as Django writes it, Irish, Slovenian)', () => {
    const forms = (f: string, ns: number[]) => ns.map((n) => compilePluralForms(f).formFor(n));
    expect(forms('nplurals=3; plural=(n==1?0:(((n%100>19)||((n%100==0)&&(n!=0)))?2:1));', [0, 1, 2, 19, 20, 100, 101, 119, 120])).toEqual([1, 0, 1, 1, 2, 2, 1, 1, 2]);
    expect(forms('nplurals=5; plural=(n==1 ? 0 : n==2 ? 1 : n<7 ? 2 : n<11 ? 3 : 4);', [1, 2, 3, 7, 11])).toEqual([0, 1, 2, 3, 4]);
    expect(forms('nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);', [1, 102, 203, 5])).toEqual([0, 1, 2, 3]);
    expect(forms('nplurals=2; plural=n/10 > 1;', [19, 20, 21])).toEqual([0, 1, 1]);
  });
});

describe('JSON plural categories follow the counts they serve', () => {
  const I18NEXT = '{\n  "files_one": "One file",\n  "files_other": "{{count}} files"\n}\n';
  const ICU = '{"inbox": "{count, plural, one {One new message} other {# new messages}}"}';

  it('ru: i18next `one` (1, 21, 31, …) comes from `other`, each new key told its counts', () => {
    const units = jsonFormat.units(jsonFormat.parse({ path: 'c.json', text: I18NEXT }), targetContext('ru'));
    expect(units.map((u) => [u.id, u.source])).toEqual([
      ['/files_one', '{{count}} files'],
      ['/files_few', '{{count}} files'],
      ['/files_many', '{{count}} files'],
      ['/files_other', '{{count}} files'],
    ]);
    expect(units[0].hint).toMatch(/counts 1, 21, 31/);
    expect(units[3].hint).toMatch(/counts such as 0\.5, 1\.5/);
  });

  it('ru: an ICU `one` option comes from `other` with its counts; de keeps its own options untouched', () => {
    const ru = jsonFormat.units(jsonFormat.parse({ path: 'c.json', text: ICU }), targetContext('ru'));
    expect(ru.map((u) => [u.id, u.source, u.hint])).toEqual([
      ['/inbox@0/one@0', '# new messages', expect.stringMatching(/counts 1, 21, 31/)],
      ['/inbox@0/few@0', '# new messages', expect.stringMatching(/counts 2, 3, 4, 22/)],
      ['/inbox@0/many@0', '# new messages', expect.stringMatching(/counts 0, 5, 6/)],
      ['/inbox@0/other@0', '# new messages', expect.stringMatching(/counts such as 0\.5/)],
    ]);
    const de = jsonFormat.units(jsonFormat.parse({ path: 'c.json', text: ICU }), targetContext('de'));
    expect(de.map((u) => [u.source, u.hint])).toEqual([['One new message', undefined], ['# new messages', undefined]]);
    const i18next = jsonFormat.units(jsonFormat.parse({ path: 'c.json', text: I18NEXT }), targetContext('de'));
    expect(i18next.map((u) => [u.source, u.hint])).toEqual([['One file', undefined], ['{{count}} files', undefined]]);
  });

  it("es: `other` serves what English `other` serves below a million, so it keeps its own text; `many` (millions) is told its counts", () => {
    const units = jsonFormat.units(jsonFormat.parse({ path: 'c.json', text: I18NEXT }), targetContext('es'));
    expect(units.map((u) => [u.id, u.source, u.hint])).toEqual([
      ['/files_one', 'One file', undefined],
      ['/files_many', '{{count}} files', expect.stringMatching(/counts such as 1000000/)],
      ['/files_other', '{{count}} files', undefined],
    ]);
  });

  it('an existing Russian target is read key by key, as it stands', () => {
    const existing = '{\n  "files_one": "{{count}} файл",\n  "files_few": "{{count}} файла",\n  "files_many": "{{count}} файлов",\n  "files_other": "{{count}} файла"\n}\n';
    const current = jsonFormat.current!(jsonFormat.parse({ path: 'c.json', text: I18NEXT }), targetContext('ru', { existing }));
    expect(current?.get('/files_one')).toBe('{{count}} файл');
    expect(current?.get('/files_many')).toBe('{{count}} файлов');
  });
});
