import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { po } from 'gettext-parser';
import { describe, expect, it } from 'vitest';
import { poFormat } from '../src/formats/po/po-format.ts';
import { restore } from '../src/segments/placeholders.ts';
import type { Unit } from '../src/segments/segment.ts';
import { expectFormatError } from './helpers/expect-format-error.ts';
import { msgfmtCheck } from './helpers/msgfmt.ts';
import { targetContext } from './helpers/target-context.ts';
import { fakeTranslate } from './simulator/fake-translate.ts';

const DJANGO = path.join(import.meta.dirname, 'fixtures/po/django');
const TEMPLATE = readFileSync(path.join(DJANGO, 'en.po'), 'utf8');
const RU = readFileSync(path.join(DJANGO, 'ru.po'), 'utf8');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tl-po-cat-'));

/** Renders as the pipeline does: memory translations for units, the source itself for verbatim ones. */
function render(template: string, locale: string, existing?: string, fn: (u: Unit) => string = (u) => fakeTranslate(u.protected.text, locale, 'fake')) {
  const doc = poFormat.parse({ path: 'django.po', text: template });
  const target = targetContext(locale, { existing });
  const units = poFormat.units(doc, target);
  const map = new Map(units.map((u) => [u.id, u.verbatim ? u.source : restore(u.protected, fn(u))]));
  const out = poFormat.render(doc, target, (u) => map.get(u.id));
  return { out, units, problem: poFormat.verify!(doc, out, target), parsed: po.parse(out) };
}

function written(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

function headerOf(text: string): string {
  return text.slice(0, text.indexOf('\n\n'));
}

describe('po: a Transifex catalogue taken as it is (Django, Russian, nplurals=4)', () => {
  it('honours its own Plural-Forms: new plural entries get 4 forms, and msgfmt accepts the result', () => {
    const { out, problem, parsed } = render(TEMPLATE, 'ru', RU);
    expect(problem).toBeNull();
    expect(msgfmtCheck(written('ru.po', out))).toBeNull();
    expect(parsed.headers['Plural-Forms']).toMatch(/^nplurals=4; plural=\(n%10==1 && n%100!=11 \? 0 :/);
    expect(parsed.translations['']['an hour ago'].msgstr).toHaveLength(4);
    expect(parsed.translations['']['%(counter)s result'].msgstr).toEqual(['%(counter)s результат', '%(counter)s результата', '%(counter)s результатов', '%(counter)s результатов']);
  });

  it('keeps the header as the team wrote it: credits, Last-Translator, Language-Team and folding; only the revision date and generator change', () => {
    const { out } = render(TEMPLATE, 'ru', RU);
    const before = headerOf(RU).split('\n');
    const after = headerOf(out).split('\n');
    const changed = (lines: string[]) => lines.filter((l) => /^"(PO-Revision-Date|X-Generator):/.test(l));
    expect(after.filter((l) => !changed([l]).length)).toEqual(before.filter((l) => !changed([l]).length));
    expect(changed(after)[0]).toMatch(/^"PO-Revision-Date: \d{4}-\d\d-\d\d \d\d:\d\d\+0000\\n"$/);
    expect(changed(after)[0]).not.toBe(changed(before)[0]);
    expect(out).toContain('# Мария Иванова <maria@example.org>, 2016-2017\n');
    expect(out).toContain('"Last-Translator: Sergey Kuznetsov <sergey@example.org>\\n"\n');
  });

  it("keeps the catalogue's order and adds each new entry after the one that precedes it in the template", () => {
    const { out } = render(TEMPLATE, 'ru', RU);
    const order = [...out.matchAll(/^msgid "(.*)"$/gm)].map((m) => m[1]).slice(1);
    expect(order).toEqual([
      'Successfully deleted %(count)d %(items)s.',
      'Cannot delete %(name)s',
      'Delete selected %(verbose_name_plural)s',
      'action time',
      'Recently added',
      '%(class_name)s %(instance)s',
      '%(total_count)s selected',
      'an hour ago',
      'Popup closing…',
      '%(counter)s result',
      '…',
      "'",
    ]);
    // The team's entries keep their bytes (no references added, no refolding).
    expect(out).toContain('\n\n#, python-format\nmsgid "Cannot delete %(name)s"\nmsgstr "Не удается удалить %(name)s"\n\n');
  });

  it("a new catalogue keeps the template's header comments as they are: a bare `#` line gets no trailing space", () => {
    const { out } = render(TEMPLATE, 'de');
    expect(TEMPLATE.startsWith('# This file is distributed under the same license as the Django package.\n#\n')).toBe(true);
    expect(out.startsWith('# This file is distributed under the same license as the Django package.\n#\nmsgid ""\n')).toBe(true);
    expect(out).not.toMatch(/[ \t]$/m);
  });

  it("a new catalogue claims neither the template's team nor its translator: set as msginit --no-translator sets them; an existing one keeps its own", () => {
    for (const template of [TEMPLATE, readFileSync(path.join(import.meta.dirname, 'fixtures/po/messages.pot'), 'utf8')]) {
      const { out, parsed } = render(template, 'ru');
      expect(parsed.headers['Language-Team']).toBe('none');
      expect(parsed.headers['Last-Translator']).toBe('Automatically generated');
      expect(parsed.headers.Language).toBe('ru');
      expect(msgfmtCheck(written('ru-new.po', out))).toBeNull();
    }
    const { parsed } = render(TEMPLATE, 'ru', RU);
    expect(parsed.headers['Language-Team']).toBe('Russian (http://www.transifex.com/django/django/language/ru/)');
    expect(parsed.headers['Last-Translator']).toBe('Sergey Kuznetsov <sergey@example.org>');
  });

  it('a run that translates nothing leaves the catalogue byte for byte (no new PO-Revision-Date)', () => {
    const first = render(TEMPLATE, 'ru', RU).out;
    expect(render(TEMPLATE, 'ru', first).out).toBe(first);
    // The catalogue filled in place, with every entry translated already.
    expect(render(RU, 'ru', RU).out).toBe(RU);
  });

  it('refuses a Plural-Forms that is not a gettext formula, naming the header line, without evaluating it', () => {
    for (const formula of ['nplurals=2; plural=process.exit(1);', 'nplurals=2; plural=(n != 1) + constructor;', 'nplurals=99999999; plural=0;', 'nplurals=2; plural=n+5;']) {
      const existing = RU.replace(/"Plural-Forms: [^]*?\);\\n"\n/, `"Plural-Forms: ${formula}\\n"\n`);
      expect(existing).toContain(formula);
      expect(() => poFormat.units(poFormat.parse({ path: 'django.po', text: TEMPLATE }), targetContext('ru', { existing }))).toThrow(
        /existing target catalogue for ru is malformed \(line 20: Plural-Forms ".*" (is not a gettext plural formula( \(unexpected [^)]*\))?|gives form \d+ for n = \d+, outside 0–1)\)/,
      );
    }
  });
});

describe('po: entries with nothing to translate', () => {
  it('are filled with their source without a request, not flagged for review, and msgfmt accepts them', () => {
    const { out, units, parsed } = render(TEMPLATE, 'de');
    expect(units.filter((u) => u.verbatim).map((u) => u.source)).toEqual(['%(class_name)s %(instance)s', '…', "'"]);
    for (const id of ['%(class_name)s %(instance)s', '…', "'"]) {
      expect(parsed.translations[''][id].msgstr).toEqual([id]);
      expect(parsed.translations[''][id].comments?.flag ?? '').not.toContain('fuzzy');
    }
    expect(msgfmtCheck(written('de-verbatim.po', out))).toBeNull();
  });
});

describe('po: no NUL byte reaches a catalogue', () => {
  it('refuses a source catalogue holding one, with its line', () => {
    const bytes = Buffer.from('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a\0b"\nmsgstr ""\n');
    expectFormatError(() => poFormat.decode!(bytes), /NUL byte/, 4);
  });

  it('refuses to write a translation holding one', () => {
    const { problem } = render(TEMPLATE, 'de', undefined, (u) => (u.source === 'action time' ? 'Aktions\u0000zeit' : u.protected.text));
    expect(problem).toMatch(/NUL/);
  });
});

describe('po: merging into a catalogue keeps its order and every entry, over random catalogues', () => {
  it('300 random subsets and orders of the template as the target: each template entry once, in the target order, new ones after their template predecessor', () => {
    const doc = poFormat.parse({ path: 'django.po', text: TEMPLATE });
    const entries = doc.file.blocks.filter((b) => b.kind === 'entry');
    const header = doc.file.blocks.find((b) => b.kind === 'header')!.text;
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 300; round++) {
      const kept = entries.filter(() => rnd() < 0.6).sort(() => rnd() - 0.5);
      const gone = rnd() < 0.5 ? ['msgid "Gone away"\nmsgstr "Weg"'] : [];
      const existing = [header.replace('Language: en', 'Language: de'), ...kept.map((b) => b.text), ...gone].join('\n\n') + '\n';
      const { out, problem } = render(TEMPLATE, 'de', existing);
      expect(problem).toBeNull();
      const live = poFormat.parse({ path: 'de.po', text: out }).file.blocks.filter((b) => b.kind === 'entry').map((b) => b.key!);
      expect([...live].sort()).toEqual(entries.map((b) => b.key!).sort());
      // The target's own entries keep their relative order.
      const own = new Set(kept.map((b) => b.key!));
      expect(live.filter((k) => own.has(k))).toEqual(kept.map((b) => b.key!));
      // A new entry follows the entry that precedes it in the template, or opens the catalogue.
      live.forEach((k, i) => {
        if (own.has(k)) return;
        const at = entries.findIndex((b) => b.key === k);
        const before = entries.slice(0, at).reverse().find((b) => own.has(b.key!));
        if (!before) expect(live.slice(0, i).every((x) => !own.has(x))).toBe(true);
        else expect(live.slice(live.indexOf(before.key!) + 1, i).every((x) => !own.has(x))).toBe(true);
      });
      if (gone.length) expect(out.trimEnd().endsWith('#~ msgid "Gone away"\n#~ msgstr "Weg"')).toBe(true);
      if (round % 60 === 0) expect(msgfmtCheck(written(`de-random-${round}.po`, out))).toBeNull();
    }
  });
});
