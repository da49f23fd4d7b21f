import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { po } from 'gettext-parser';
import { describe, expect, it } from 'vitest';
import { poFormat } from '../src/formats/po/po-format.ts';
import { restore } from '../src/segments/placeholders.ts';
import { msgfmtCheck } from './helpers/msgfmt.ts';
import { expectFormatError } from './helpers/expect-format-error.ts';
import { targetContext } from './helpers/target-context.ts';
import { fakeTranslate } from './simulator/fake-translate.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures/po');
const POT = readFileSync(path.join(FIXTURES, 'messages.pot'), 'utf8');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tl-po-'));

function translate(source: string, locale: string, options: { existing?: string; retranslateFuzzy?: boolean; fn?: (s: string) => string } = {}) {
  const doc = poFormat.parse({ path: 'x.po', text: source });
  const target = targetContext(locale, { existing: options.existing, options: { retranslateFuzzy: options.retranslateFuzzy ?? false } });
  const units = poFormat.units(doc, target);
  const fn = options.fn ?? ((s: string) => fakeTranslate(s, locale, 'fake'));
  const map = new Map(units.map((u) => [u.id, restore(u.protected, fn(u.protected.text))]));
  const out = poFormat.render(doc, target, (u) => map.get(u.id));
  return { out, units, problem: poFormat.verify!(doc, out, target), parsed: po.parse(out) };
}

function written(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

describe('po: template to catalogues', () => {
  it.each([
    ['ja', 1],
    ['de', 2],
    ['fr', 2],
    ['ru', 3],
    ['ar', 6],
  ])('%s: %i plural forms, header set, msgfmt --check passes', (locale, nplurals) => {
    const { out, problem, parsed } = translate(POT, locale);
    expect(problem).toBeNull();
    expect(msgfmtCheck(written(`${locale}.po`, out))).toBeNull();
    expect(parsed.headers.Language).toBe(locale);
    expect(parsed.headers['Plural-Forms']).toMatch(new RegExp(`^nplurals=${nplurals};`));
    expect(parsed.headers['Content-Type']).toBe('text/plain; charset=UTF-8');
    expect(parsed.headers['X-Generator']).toMatch(/^translate-locales /);
    expect(parsed.headers['Project-Id-Version']).toBe('acme 2.1');
    const deleted = parsed.translations['']['One file was deleted.'];
    expect(deleted.msgstr).toHaveLength(nplurals);
    expect(deleted.msgstr.every((s) => s.includes('%d') || nplurals > 1)).toBe(true);
    expect(deleted.comments?.flag).toBe('fuzzy, c-format');
    expect(deleted.comments?.translator).toMatch(/Machine-translated by translate-locales \(qwen-mt-flash\)/);
    // Same msgid, two contexts: two entries.
    expect(parsed.translations.menu.Open.msgstr[0]).not.toBe('');
    expect(parsed.translations['door state'].Open.msgstr[0]).not.toBe('');
    const py = parsed.translations['']['Hello %(name)s, you have %(count)d new messages.'].msgstr[0];
    expect(py).toContain('%(name)s');
    expect(py).toContain('%(count)d');
    expect(parsed.translations['']['Progress: %3d%%'].comments?.flag).toBe('fuzzy, c-format, no-wrap');
    expect(out.indexOf('Welcome to Acme')).toBeLessThan(out.indexOf('Cannot open file'));
    expect(parsed.translations[''][''].comments?.flag ?? '').not.toContain('fuzzy');
  });

  it('gives every msgctxt its own memory key, and tells the model only where the same text has another context', () => {
    const pot = ['msgctxt "menu"\nmsgid "Open"\nmsgstr ""', 'msgctxt "door state"\nmsgid "Open"\nmsgstr ""', 'msgctxt "MainWindow"\nmsgid "Quit"\nmsgstr ""', 'msgctxt "QFileDialog"\nmsgid "Cancel"\nmsgstr ""', 'msgid "Save"\nmsgstr ""'].join('\n\n') + '\n';
    const { units } = translate(pot, 'de');
    expect(units.map((u) => [u.source, u.context, u.hint])).toEqual([
      ['Open', 'menu', 'The text\'s context (gettext msgctxt) is "menu"; translate it in that sense.'],
      ['Open', 'door state', 'The text\'s context (gettext msgctxt) is "door state"; translate it in that sense.'],
      // A Qt-style context on every entry: one request for all of them, not one each.
      ['Quit', 'MainWindow', undefined],
      ['Cancel', 'QFileDialog', undefined],
      ['Save', undefined, undefined],
    ]);
  });

  it('keeps every entry in source order with its comments', () => {
    const { parsed, out } = translate(POT, 'de');
    expect(out).toContain('# Machine-translated by translate-locales (qwen-mt-flash); review before use\n#. Shown in the main window title.\n#: src/main.c:42\n#, fuzzy\nmsgid "Welcome to Acme"\nmsgstr "');
    expect(out).toContain('#: src/help.c:99\n#, fuzzy\nmsgid ""\n"This is a long help text that spans several lines in the template, "\n');
    const welcome = parsed.translations['']['Welcome to Acme'];
    expect(welcome.comments?.extracted).toBe('Shown in the main window title.');
    expect(welcome.comments?.reference).toBe('src/main.c:42');
    const order = [...out.matchAll(/^msgid "(.*)"$/gm)].map((m) => m[1]);
    expect(order).toEqual(['', 'Welcome to Acme', 'Cannot open file %s: %s', 'One file was deleted.', 'Open', 'Open', 'Hello %(name)s, you have %(count)d new messages.', 'Signed in as {user}', '', 'Progress: %3d%%']);
  });

  it('is unchanged, byte for byte, when rendered again from the same translations', () => {
    const first = translate(POT, 'ru').out;
    const again = translate(POT, 'ru', { existing: first }).out;
    expect(again).toBe(first);
  });
});

describe('po: existing catalogues', () => {
  const DE = readFileSync(path.join(FIXTURES, 'de.po'), 'utf8');

  it('fills untranslated entries only, keeps human and fuzzy work, obsolete entries and untouched bytes', () => {
    const { out, units, problem, parsed } = translate(DE, 'de', { existing: DE });
    expect(problem).toBeNull();
    // de.po's own fuzzy entry is a person's unfinished work (its format does not match yet).
    expect(msgfmtCheck(written('de-filled.po', out), { fuzzy: false })).toBeNull();
    expect(units.map((u) => u.source)).toEqual(['Open', 'One file was deleted.', '%d files were deleted.']);
    expect(parsed.translations['']['Welcome to Acme'].msgstr).toEqual(['Willkommen bei Acme']);
    expect(out).toContain('# Reviewed by Anna.\n#: src/main.c:42\nmsgid "Welcome to Acme"\nmsgstr "Willkommen bei Acme"\n');
    expect(out).toContain('#, fuzzy, c-format\n#| msgid "Cannot open %s"\nmsgid "Cannot open file %s: %s"\nmsgstr "Kann %s nicht öffnen"\n');
    expect(out).toContain('#~ msgid "Old string"\n#~ msgstr "Alter Text"\n');
    expect(parsed.translations.menu.Open.msgstr[0]).not.toBe('');
  });

  it('keeps translations whose msgid left the template as #~ obsolete entries, like msgmerge, and revises nothing on a rerun', () => {
    const template = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n#: src/a.c:1\nmsgid "Save"\nmsgstr ""\n';
    const existing = [
      'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"',
      '#: src/a.c:1\nmsgid "Save"\nmsgstr "Speichern"',
      '# Checked by Anna.\n#. shown on the toolbar\n#: src/b.c:7\nmsgctxt "toolbar"\nmsgid "Print"\nmsgstr "Drucken"',
      '#: src/c.c:9\nmsgid "Never translated"\nmsgstr ""',
      '#~ msgid "Ancient"\n#~ msgstr "Uralt"',
    ].join('\n\n') + '\n';
    const { out, problem, parsed } = translate(template, 'de', { existing });
    expect(problem).toBeNull();
    expect(parsed.translations['']['Save'].msgstr).toEqual(['Speichern']);
    // The catalogue's own obsolete entries stay where they are; a newly obsolete one joins them at the end.
    expect(out).toContain('\n\n#~ msgid "Ancient"\n#~ msgstr "Uralt"\n\n# Checked by Anna.\n#~ msgctxt "toolbar"\n#~ msgid "Print"\n#~ msgstr "Drucken"\n');
    expect(out).not.toContain('Never translated');
    expect(out).not.toContain('src/b.c');
    expect(msgfmtCheck(written('de-obsolete.po', out))).toBeNull();
    // A rerun against what it wrote keeps the file as it is: the obsolete entries are not added twice.
    expect(translate(template, 'de', { existing: out }).out).toBe(out);
  });

  it('revives an obsolete translation whose msgid is back in the template', () => {
    const template = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n#: src/a.c:1\nmsgid "Ancient"\nmsgstr ""\n';
    const existing = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n# By Anna.\n#~ msgid "Ancient"\n#~ msgstr "Uralt"\n';
    const { out, units, problem, parsed } = translate(template, 'de', { existing });
    expect(problem).toBeNull();
    expect(units).toEqual([]);
    expect(parsed.translations['']['Ancient'].msgstr).toEqual(['Uralt']);
    expect(out).not.toContain('#~');
    expect(out).toContain('# By Anna.\nmsgid "Ancient"\nmsgstr "Uralt"\n');
  });

  it('re-translates fuzzy entries when asked', () => {
    const { units } = translate(DE, 'de', { existing: DE, retranslateFuzzy: true });
    expect(units.map((u) => u.source)).toContain('Cannot open file %s: %s');
  });

  it('reads a Latin-1 catalogue and writes it as UTF-8', () => {
    const bytes = readFileSync(path.join(FIXTURES, 'fr-latin1.po'));
    const text = poFormat.decode!(bytes);
    expect(text).toContain('Menu du café');
    const { out, parsed } = translate(text, 'fr', { existing: text });
    expect(parsed.headers['Content-Type']).toBe('text/plain; charset=UTF-8');
    expect(out).toContain('msgstr "Menu du café"');
    expect(parsed.translations['']['Close window'].msgstr[0]).not.toBe('');
    expect(msgfmtCheck(written('fr.po', out))).toBeNull();
  });
});

describe('po: malformed input', () => {
  it.each([
    ['msgid "a\\q"\nmsgstr ""\n', /invalid escape sequence \\q/, 1],
    ['msgid ""\nmsgstr ""\n\nmsgid "open\nmsgstr ""\n', /unterminated or malformed string/, 4],
    ['msgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n', /duplicate entry "a" \(first at line 1\)/, 4],
    ['msgctxt "x"\nmsgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr ""\n\nmsgctxt "x"\nmsgid "a"\nmsgstr ""\n', /duplicate entry "a" in context "x"/, 8],
    ['msgid "a"\nmsgstr "b"\ngarbage here\n', /unexpected text "garbage here"/, 3],
  ])('rejects %j with its line', (text, message, line) => {
    expectFormatError(() => poFormat.parse({ path: 'bad.po', text }), message, line);
  });
});
