import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonFormat } from '../src/formats/json/json-format.ts';
import { restore } from '../src/segments/placeholders.ts';
import type { TargetContext } from '../src/formats/format.ts';
import { expectFormatError } from './helpers/expect-format-error.ts';
import { targetContext } from './helpers/target-context.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures/json');
const SAMPLES = path.join(import.meta.dirname, '../samples');
const target = (locale: string): TargetContext => targetContext(locale);

/** Translates every unit with `fn` on its protected text, as a worker would, then renders. */
function translate(text: string, locale: string, fn: (s: string) => string): string {
  const doc = jsonFormat.parse({ path: 'x.json', text });
  const units = jsonFormat.units(doc, target(locale));
  const map = new Map(units.map((u) => [u.id, restore(u.protected, fn(u.protected.text))]));
  return jsonFormat.render(doc, target(locale), (u) => map.get(u.id));
}

const sources = [
  ...readdirSync(FIXTURES).map((f) => path.join(FIXTURES, f)),
  path.join(SAMPLES, 'locales/en/common.json'),
  path.join(SAMPLES, 'app/i18n/en/messages.json'),
];

describe('json format', () => {
  it.each(sources)('reproduces %s byte for byte when translations equal the source', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(translate(text, 'en', (s) => s)).toBe(text);
    expect(translate(text, 'de', (s) => s)).toBe(text); // German has English's categories: nothing to add
  });

  it('replaces only string values, keeping keys, order, indentation and other values', () => {
    const text = readFileSync(path.join(FIXTURES, 'tabs-crlf.json'), 'utf8');
    const out = translate(text, 'de', (s) => `DE(${s})`);
    const parsed = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['title', 'nested', 'emoji', '__proto__', 'constructor']);
    expect(parsed.title).toBe('DE(Café "menu")');
    expect(out).toContain('\t"nested": {\n\t\t"deep": { "x": "DE(Hello\\nworld)", "n": 1.50, "ok": null }');
    expect(out).toContain('"emoji": "DE(Ünïcödé ✓ 日本)"');
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(out).toContain('"__proto__": "DE(Prototype text)"');
    const crlf = readFileSync(path.join(FIXTURES, 'four-spaces-crlf-nofinalnewline.json'), 'utf8');
    expect(translate(crlf, 'de', (s) => s.toUpperCase())).toBe(crlf.replace('Line one', 'LINE ONE').replace('Second item', 'SECOND ITEM').replace('"x"', '"X"'));
  });

  it('sends placeholders as numbered tokens and puts them back', () => {
    const text = '{"a": "Hi {{name}}, you have %1$s of %(total)d in {dir}: <b>$t(x)</b> :count &amp; https://x.io/a"}';
    const doc = jsonFormat.parse({ path: 'x.json', text });
    const [unit] = jsonFormat.units(doc, target('de'));
    expect(unit.protected.text).toBe('Hi {0}, you have {1} of {2} in {3}: {4}{5}{6} {7} {8} {9}');
    expect(unit.protected.tokens).toEqual(['{{name}}', '%1$s', '%(total)d', '{dir}', '<b>', '$t(x)', '</b>', ':count', '&amp;', 'https://x.io/a']);
    expect(restore(unit.protected, unit.protected.text)).toBe(unit.source);
  });

  it('translates ICU message texts only and gives plurals the target categories', () => {
    const text = readFileSync(path.join(SAMPLES, 'app/i18n/en/messages.json'), 'utf8');
    const doc = jsonFormat.parse({ path: 'm.json', text });
    const texts = jsonFormat.units(doc, target('ru')).map((u) => u.protected.text);
    expect(texts).toContain('{0} new messages');
    expect(texts.some((t) => t.includes('plural'))).toBe(false);
    const ru = JSON.parse(translate(text, 'ru', (s) => s.toUpperCase())) as Record<string, string>;
    // Russian `one` also serves 21, 31, …: it comes from `other`, like `few` and `many`.
    expect(ru['inbox.summary']).toBe('YOU HAVE {count, plural, =0 {NO NEW MESSAGES} one {# NEW MESSAGES} few {# NEW MESSAGES} many {# NEW MESSAGES} other {# NEW MESSAGES}} FROM {sender}.');
    expect(ru['profile.greeting']).toBe('{gender, select, female {SHE UPDATED HER PROFILE} male {HE UPDATED HIS PROFILE} other {THEY UPDATED THEIR PROFILE}}');
    expect(ru['cart.total']).toBe('TOTAL: {amount, number, ::currency/EUR}');
    const ja = JSON.parse(translate(text, 'ja', (s) => s)) as Record<string, string>;
    expect(ja['inbox.summary']).toBe('You have {count, plural, =0 {no new messages} other {# new messages}} from {sender}.');
    const ar = JSON.parse(translate(text, 'ar', (s) => s)) as Record<string, string>;
    expect(ar['inbox.summary']).toContain('=0 {no new messages} zero {# new messages} one {# new message} two {# new messages} few {# new messages} many {# new messages} other {# new messages}');
  });

  it('expands i18next plural keys to the target language categories', () => {
    const text = readFileSync(path.join(SAMPLES, 'locales/en/common.json'), 'utf8');
    const keys = (locale: string) => Object.keys((JSON.parse(translate(text, locale, (s) => s)) as { files: object }).files).filter((k) => k.startsWith('count_'));
    expect(keys('ru')).toEqual(['count_one', 'count_few', 'count_many', 'count_other']);
    expect(keys('ar')).toEqual(['count_zero', 'count_one', 'count_two', 'count_few', 'count_many', 'count_other']);
    expect(keys('ja')).toEqual(['count_other']);
    expect(keys('de')).toEqual(['count_one', 'count_other']);
    const ru = translate(text, 'ru', (s) => s);
    expect(ru).toContain('    "count_one": "{{count}} files",\n    "count_few": "{{count}} files",\n    "count_many": "{{count}} files",\n    "count_other": "{{count}} files",\n');
  });

  describe("i18next's bare-key plurals (the bare key is `other`: i18next falls back to it), as @bull-board/ui writes them", () => {
    // The bare key after its `_one` (JOBS_COUNT) and before it (LOW_CONFIDENCE), as in bull-board's en-US.
    const BOARD = '{\n  "DASHBOARD": {\n    "JOBS_COUNT_one": "{{count}} Job",\n    "JOBS_COUNT": "{{count}} Jobs",\n    "EMPTY_STATE": "No queues to display."\n  },\n  "LATENCY": {\n    "LOW_CONFIDENCE": "Low confidence: {{count}} samples",\n    "LOW_CONFIDENCE_one": "Low confidence: {{count}} sample"\n  }\n}\n';
    const doc = () => jsonFormat.parse({ path: 'messages.json', text: BOARD });
    const parsed = (text: string) => JSON.parse(text) as Record<string, Record<string, string>>;

    it('ru gets `one`, `few`, `many` and keeps the bare key as `other`, where it stood; ja only the bare key; de nothing new', () => {
      const ru = parsed(translate(BOARD, 'ru', (s) => `RU(${s})`));
      expect(Object.keys(ru.DASHBOARD)).toEqual(['JOBS_COUNT_one', 'JOBS_COUNT_few', 'JOBS_COUNT_many', 'JOBS_COUNT', 'EMPTY_STATE']);
      expect(Object.keys(ru.LATENCY)).toEqual(['LOW_CONFIDENCE', 'LOW_CONFIDENCE_one', 'LOW_CONFIDENCE_few', 'LOW_CONFIDENCE_many']);
      // Russian `one` serves 21 too: from the bare key (`other`), told its counts, like `few` and `many`.
      expect(ru.DASHBOARD.JOBS_COUNT_one).toBe('RU({{count}} Jobs)');
      const units = jsonFormat.units(doc(), target('ru'));
      expect(units.map((u) => [u.id, u.hint === undefined])).toEqual([
        ['/DASHBOARD/JOBS_COUNT_one', false], ['/DASHBOARD/JOBS_COUNT_few', false], ['/DASHBOARD/JOBS_COUNT_many', false], ['/DASHBOARD/JOBS_COUNT', false],
        ['/DASHBOARD/EMPTY_STATE', true],
        ['/LATENCY/LOW_CONFIDENCE', false], ['/LATENCY/LOW_CONFIDENCE_one', false], ['/LATENCY/LOW_CONFIDENCE_few', false], ['/LATENCY/LOW_CONFIDENCE_many', false],
      ]);
      const ja = translate(BOARD, 'ja', (s) => s);
      expect(ja).toBe('{\n  "DASHBOARD": {\n    "JOBS_COUNT": "{{count}} Jobs",\n    "EMPTY_STATE": "No queues to display."\n  },\n  "LATENCY": {\n    "LOW_CONFIDENCE": "Low confidence: {{count}} samples"\n  }\n}\n');
      expect(translate(BOARD, 'de', (s) => s)).toBe(BOARD);
      expect(translate(BOARD, 'en', (s) => s)).toBe(BOARD);
    });

    it("a person's Russian target written with `_other` keeps all four forms, its `other` under the bare key; the render reads back under the same ids", () => {
      const existing = '{\n  "DASHBOARD": {\n    "JOBS_COUNT_one": "{{count}} задача",\n    "JOBS_COUNT_few": "{{count}} задачи",\n    "JOBS_COUNT_many": "{{count}} задач",\n    "JOBS_COUNT_other": "{{count}} задачи (дробь)",\n    "EMPTY_STATE": "Нет очередей."\n  },\n  "LATENCY": {\n    "LOW_CONFIDENCE": "Мало: {{count}} образцов",\n    "LOW_CONFIDENCE_one": "Мало: {{count}} образец",\n    "LOW_CONFIDENCE_few": "Мало: {{count}} образца",\n    "LOW_CONFIDENCE_many": "Мало: {{count}} образцов"\n  }\n}\n';
      const ru = { ...target('ru'), existing };
      const current = jsonFormat.current!(doc(), ru)!;
      const units = jsonFormat.units(doc(), ru);
      expect(units.filter((u) => !current.has(u.id))).toEqual([]);
      expect(current.get('/DASHBOARD/JOBS_COUNT')).toBe('{{count}} задачи (дробь)');
      const out = jsonFormat.render(doc(), ru, (u) => current.get(u.id));
      expect(parsed(out).DASHBOARD).toEqual({ JOBS_COUNT_one: '{{count}} задача', JOBS_COUNT_few: '{{count}} задачи', JOBS_COUNT_many: '{{count}} задач', JOBS_COUNT: '{{count}} задачи (дробь)', EMPTY_STATE: 'Нет очередей.' });
      expect(parsed(out).LATENCY).toEqual(parsed(existing).LATENCY);
      // Read back, the written file gives each unit id the text the render gave it, and no other id.
      const back = jsonFormat.current!(doc(), { ...ru, existing: out })!;
      expect([...back.keys()].sort()).toEqual(units.map((u) => u.id).sort());
      for (const u of units) expect(back.get(u.id)).toBe(current.get(u.id));
      // Rendered again from what it wrote, the file does not change.
      expect(jsonFormat.render(doc(), { ...ru, existing: out }, (u) => back.get(u.id))).toBe(out);
    });

    it("a target with both the bare key and `_other` (bull-board's ru-RU MINS) keeps the bare key's text; `_other` stays under its own id, not in the source", () => {
      const source = jsonFormat.parse({ path: 'c.json', text: '{"MINS": "{{count}} minutes", "MINS_one": "{{count}} minute"}' });
      const existing = '{"MINS": "{{count}} мин", "MINS_one": "{{count}} минута", "MINS_few": "{{count}} минуты", "MINS_many": "{{count}} минут", "MINS_other": "{{count}} минут"}';
      const current = jsonFormat.current!(source, { ...target('ru'), existing })!;
      expect(current.get('/MINS')).toBe('{{count}} мин');
      expect(current.get('/MINS_other')).toBe('{{count}} минут');
      const after = jsonFormat.current!(source, { ...target('ru'), existing: '{"MINS_one": "1", "MINS_few": "2", "MINS_many": "5", "MINS_other": "1.5", "MINS": "мин"}' })!;
      expect([after.get('/MINS'), after.get('/MINS_other')]).toEqual(['мин', '1.5']);
    });

    it('an `_other` source read against a target in the bare-key form finds its `other` there too', () => {
      const source = jsonFormat.parse({ path: 'c.json', text: '{"n_one": "{{count}} file", "n_other": "{{count}} files"}' });
      const current = jsonFormat.current!(source, { ...target('de'), existing: '{"n_one": "{{count}} Datei", "n": "{{count}} Dateien"}' })!;
      expect([...current]).toEqual([['/n_one', '{{count}} Datei'], ['/n_other', '{{count}} Dateien']]);
    });

    it('only beside its plural siblings, and never beside `base_other`: there it stays a string, as `_other` runs always were', () => {
      const ids = (text: string, locale = 'ru') => jsonFormat.units(jsonFormat.parse({ path: 'c.json', text }), target(locale)).map((u) => u.id);
      // Not next to each other: two strings, as before.
      expect(ids('{"n": "{{count}} files", "x": "X", "n_one": "{{count}} file"}')).toEqual(['/n', '/x', '/n_one']);
      // With an explicit `_other`, the bare key is i18next's text for a call without a count: a string of its own.
      expect(ids('{"n": "Files", "n_one": "{{count}} file", "n_other": "{{count}} files"}')).toEqual(['/n', '/n_one', '/n_few', '/n_many', '/n_other']);
      expect(ids('{"n_one": "{{count}} file", "n_other": "{{count}} files", "n": "Files"}')).toEqual(['/n_one', '/n_few', '/n_many', '/n_other', '/n']);
      // A lone key and a lone suffixed key are strings.
      expect(ids('{"n": "Files", "n_other": "{{count}} files"}')).toEqual(['/n', '/n_other']);
      // i18next's special `_zero` beside a bare key is a run: Japanese keeps both.
      expect(translate('{"n": "{{count}} files", "n_zero": "No files"}', 'ja', (s) => s)).toBe('{"n": "{{count}} files", "n_zero": "No files"}');
    });
  });

  it.each([
    ['{"a": "x", "a": "y"}', /duplicate key "a"/, 1],
    ['{\n  "a": "x",\n  "b": \n}', /invalid JSON/, 4],
    ['{"a": "x",}', /invalid JSON/, 1],
    ['{"a": "x"} // note', /invalid JSON/, 1],
    ['['.repeat(10_000) + ']'.repeat(10_000), /nested deeper/, 1],
  ])('rejects bad input %#', (text, message, line) => {
    expectFormatError(() => jsonFormat.parse({ path: 'bad.json', text }), message, line);
  });

  it.each(['', '   ', '\n\n', '\r\n\t \r\n'])('rejects an empty or white-space-only file %j, as it is no JSON', (text) => {
    expectFormatError(() => jsonFormat.parse({ path: 'e.json', text }), /empty file: no JSON value/, 1);
  });

  it('gives units in document order and asks render for each once, by its index in units', () => {
    const text = '{"b": "Second {{n}}", "a": {"x_one": "One file", "x_other": "{{count}} files", "y": ["Item one", "Item two"]}, "c": "Last"}';
    const doc = jsonFormat.parse({ path: 'o.json', text });
    const units = jsonFormat.units(doc, target('ru'));
    expect(units.map((u) => u.id)).toEqual(['/b', '/a/x_one', '/a/x_few', '/a/x_many', '/a/x_other', '/a/y/0', '/a/y/1', '/c']);
    const asked: [string, number][] = [];
    const out = jsonFormat.render(doc, target('ru'), (u, i) => {
      asked.push([u.id, i]);
      return `RU(${u.source})`;
    });
    expect(asked).toEqual(units.map((u, i) => [u.id, i]));
    expect(JSON.parse(out)).toEqual({ b: 'RU(Second {{n}})', a: { x_one: 'RU({{count}} files)', x_few: 'RU({{count}} files)', x_many: 'RU({{count}} files)', x_other: 'RU({{count}} files)', y: ['RU(Item one)', 'RU(Item two)'] }, c: 'RU(Last)' });
  });

  it('accepts exactly what JSON.parse accepts (duplicate keys aside), over 5,000 random mutations', () => {
    const base = '{"a": "x\\n\\u00e9", "b": [1, -2.5e3, true, null, {"c": "d"}], "e": {"f_one": "1", "f_other": "2"}}';
    const alphabet = ['{', '}', '[', ']', ',', ':', '"', '\\', 'u', '0', '1', 'e', '-', '.', ' ', '\n', '\t', 'a', 't', 'n', '\u0001', '\u00a0', '/', '*', '+', 'E'];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const disagreements: string[] = [];
    for (let i = 0; i < 5000; i++) {
      let text = base;
      for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
        const at = Math.floor(rnd() * text.length);
        const op = rnd();
        const ch = alphabet[Math.floor(rnd() * alphabet.length)];
        text = op < 0.33 ? text.slice(0, at) + text.slice(at + 1) : op < 0.66 ? text.slice(0, at) + ch + text.slice(at) : text.slice(0, at) + ch + text.slice(at + 1);
      }
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      let scans = true;
      try {
        jsonFormat.parse({ path: 'm.json', text });
      } catch (error) {
        if (/duplicate key/.test((error as Error).message)) continue;
        scans = false;
      }
      if (parses !== scans) disagreements.push(text);
    }
    expect(disagreements).toEqual([]);
  });
});

describe('json format, a unit at a time (large files)', () => {
  it.each(sources)('eachUnit yields what units returns, in order, for %s', (file) => {
    const doc = jsonFormat.parse({ path: 'x.json', text: readFileSync(file, 'utf8') });
    const seen: unknown[] = [];
    jsonFormat.eachUnit!(doc, target('ru'), (unit, i) => seen.push([i, unit]));
    expect(seen).toEqual(jsonFormat.units(doc, target('ru')).map((u, i) => [i, u]));
  });

  it('eachCurrent visits what current maps, says when the target is absent or empty, and throws where it is not JSON', () => {
    const doc = jsonFormat.parse({ path: 'x.json', text: '{"a": "A", "b": {"c": "C {n, plural, one {# x} other {# y}}"}}' });
    const existing = '{"a": "Ä", "b": {"c": "Ç {n, plural, one {# x} other {# ys}}"}}';
    const seen: [string, string][] = [];
    expect(jsonFormat.eachCurrent!(doc, { ...target('de'), existing }, (id, text) => seen.push([id, text]))).toBe(true);
    expect(seen[0]).toEqual(['/a', 'Ä']);
    expect(seen.map(([, text]) => text).join('|')).toContain('ys');
    expect(new Map(seen)).toEqual(jsonFormat.current!(doc, { ...target('de'), existing }));
    expect(jsonFormat.eachCurrent!(doc, target('de'), () => {})).toBe(false);
    // A person's text with nothing to translate is theirs too; an empty value is no one's.
    const letterless: [string, string][] = [];
    expect(jsonFormat.eachCurrent!(doc, { ...target('de'), existing: '{"a": "/ {{limit}}", "b": {"c": ""}}' }, (id, text) => letterless.push([id, text]))).toBe(true);
    expect(letterless).toEqual([['/a', '/ {{limit}}']]);
    expect(jsonFormat.eachCurrent!(doc, { ...target('de'), existing: ' \n' }, () => {})).toBe(false);
    expect(jsonFormat.current!(doc, { ...target('de'), existing: '' })).toBeUndefined();
    // Not "no text": a person's translations may be behind the one bad byte.
    expect(() => jsonFormat.eachCurrent!(doc, { ...target('de'), existing: '{"a": "Ä",\n<<<<<<< HEAD\n' }, () => {})).toThrow(expect.objectContaining({ name: 'FormatError', line: 2 }));
    expect(() => jsonFormat.current!(doc, { ...target('de'), existing: '{"a": ' })).toThrow(/invalid JSON/);
  });

  const BARE = '{\n  "DASHBOARD": {\n    "JOBS_COUNT_one": "{{count}} Job",\n    "JOBS_COUNT": "{{count}} Jobs",\n    "EMPTY": ""\n  },\n  "L": {\n    "LOW": "Low: {{count}} samples",\n    "LOW_one": "Low: {{count}} sample",\n    "n": "{{n}}%"\n  }\n}\n';
  const readBackCases = sources.map((file) => [file, readFileSync(file, 'utf8')] as const).concat([['bare-key plurals', BARE]]);

  it.each(readBackCases)('renderTo writes what render gives, in pieces, and reads each unit back as current would from it: %s', (_name, text) => {
    const doc = jsonFormat.parse({ path: 'x.json', text });
    for (const locale of ['de', 'ru', 'ja', 'ar']) {
      for (const fn of [(s: string) => s, (s: string) => `«${s.toUpperCase()}»`, () => '']) {
        const units = jsonFormat.units(doc, target(locale));
        const map = new Map(units.map((u) => [u.id, restore(u.protected, fn(u.protected.text))]));
        const pieces: string[] = [];
        const written = new Map<string, string>();
        jsonFormat.renderTo!(doc, target(locale), (u) => map.get(u.id), { write: (piece) => pieces.push(piece), written: (units) => units.forEach(([id, t]) => written.set(id, t)) });
        const rendered = pieces.join('');
        expect(rendered).toBe(jsonFormat.render(doc, target(locale), (u) => map.get(u.id)));
        expect(jsonFormat.verify!(doc, rendered, target(locale))).toBeNull();
        expect(written).toEqual(jsonFormat.current!(doc, { ...target(locale), existing: rendered }));
      }
    }
  });
});
