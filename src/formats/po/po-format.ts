import type { GetTextTranslation } from 'gettext-parser';
import { po } from 'gettext-parser';
import { protect } from '../../segments/placeholders.ts';
import type { Unit } from '../../segments/segment.ts';
import { translationsOf, type Format, type SourceFile, type TargetContext } from '../format.ts';
import { FormatError } from '../format-error.ts';
import { compileHeader, obsoleteEntry, parsePo, rewriteEntry, type PoBlock, type PoFile } from './po-blocks.ts';
import { formUsesSingular, pluralFormsFor } from './plural-forms.ts';

export interface PoDocument {
  readonly path: string;
  readonly file: PoFile;
}

/** Marks entries this tool wrote, so a rerun may rewrite them and never a person's work. */
export const MACHINE_MARK = 'Machine-translated by translate-locales';

const VERSION = '0.1.0';

type Ownership = 'translate' | 'keep';

function isOurs(entry: GetTextTranslation): boolean {
  return (entry.comments?.translator ?? '').includes(MACHINE_MARK);
}

function hasTranslation(entry: GetTextTranslation): boolean {
  return entry.msgstr.some((s) => s !== '');
}

function isFuzzy(entry: GetTextTranslation): boolean {
  return (entry.comments?.flag ?? '').split(',').some((f) => f.trim() === 'fuzzy');
}

function ownership(existing: PoBlock | undefined, target: TargetContext): Ownership {
  const e = existing?.entry;
  if (!e || !hasTranslation(e) || isOurs(e)) return 'translate';
  if (isFuzzy(e) && target.options.po.retranslateFuzzy) return 'translate';
  return 'keep';
}

function existingCatalogue(target: TargetContext): PoFile | undefined {
  if (target.existing === undefined) return undefined;
  try {
    return parsePo(target.existing);
  } catch (error) {
    const e = error as FormatError;
    throw new FormatError(`existing target catalogue for ${target.locale} is malformed (line ${e.line ?? '?'}: ${e.message}); fix or remove it`);
  }
}

/** An obsolete entry as a live one again (its msgid is back in the source), or undefined if it does not parse. */
function revive(block: PoBlock): PoBlock | undefined {
  const text = block.text.split(/\r?\n/).map((l) => l.replace(/^#~ ?/, '')).join('\n');
  try {
    const revived = parsePo(text).blocks[0];
    return revived?.kind === 'entry' ? revived : undefined;
  } catch {
    return undefined;
  }
}

/** The target's entries by key; an obsolete one counts when no live entry has its key (msgmerge revives it). */
function existingBlocks(existing: PoFile | undefined): Map<string, PoBlock> {
  const blocks = existing?.blocks ?? [];
  const map = new Map(blocks.filter((b) => b.key).map((b) => [b.key!, b]));
  for (const b of blocks) {
    const revived = b.kind === 'obsolete' ? revive(b) : undefined;
    if (revived && !map.has(revived.key!)) map.set(revived.key!, revived);
  }
  return map;
}

/** The target's translated entries whose msgid left the source, as obsolete entries, and its obsolete entries: nothing a translator did is lost. */
function leftovers(doc: PoDocument, existing: PoFile | undefined, newline: string): string[] {
  if (!existing) return [];
  const keys = new Set(doc.file.blocks.map((b) => b.key).filter(Boolean));
  const obsolete = new Set(doc.file.blocks.filter((b) => b.kind === 'obsolete').map((b) => b.text));
  return existing.blocks.flatMap((b) => {
    if (b.kind === 'entry' && !keys.has(b.key) && hasTranslation(b.entry!)) return [obsoleteEntry(b, newline)];
    if (b.kind === 'obsolete' && !obsolete.has(b.text) && !keys.has(revive(b)?.key)) return [b.text];
    return [];
  });
}

interface FormSource {
  readonly id: string;
  readonly text: string;
}

/** The texts each msgstr form is translated from: msgid for the form 1 selects, msgid_plural for the others. */
function formSources(entry: GetTextTranslation, key: string, locale: string): FormSource[] {
  if (entry.msgid_plural === undefined) return [{ id: key, text: entry.msgid }];
  const forms = pluralFormsFor(locale);
  return Array.from({ length: forms.nplurals }, (_, i) => ({ id: `${key}|${i}`, text: formUsesSingular(forms, i) ? entry.msgid : entry.msgid_plural! }));
}

function revisionDate(now: Date): string {
  return `${now.toISOString().slice(0, 16).replace('T', ' ')}+0000`;
}

function headerFields(target: TargetContext, date: string): Record<string, string> {
  return {
    Language: target.locale.replace(/-/g, '_'),
    'Plural-Forms': pluralFormsFor(target.locale).expression,
    'Content-Type': 'text/plain; charset=UTF-8',
    'Content-Transfer-Encoding': '8bit',
    'PO-Revision-Date': date,
    'X-Generator': `translate-locales ${VERSION}`,
  };
}

/** The target catalogue as it stands, parsed once per render. */
interface Existing {
  readonly byKey: ReadonlyMap<string, PoBlock>;
  /** Entries and obsolete entries of the target to append at the end. */
  readonly leftovers: readonly string[];
}

function renderWith(doc: PoDocument, target: TargetContext, translations: ReadonlyMap<string, string>, date: string, current: Existing): string {
  const existing = current.byKey;
  const { blocks, gaps, newline } = doc.file;
  const nplurals = pluralFormsFor(target.locale).nplurals;
  const header = blocks.find((b) => b.kind === 'header');
  let out = gaps[0];
  if (!header) out += compileHeader(undefined, headerFields(target, date), newline) + newline + newline;
  blocks.forEach((block, i) => {
    let text = block.text;
    if (block.kind === 'header') text = compileHeader(block.entry, headerFields(target, date), newline);
    else if (block.kind === 'entry') {
      const entry = block.entry!;
      const mine = existing.get(block.key!);
      if (ownership(mine, target) === 'keep') text = mine!.text;
      else {
        const forms = formSources(entry, block.key!, target.locale).map((f) => translations.get(f.id));
        const done = forms.every((f) => f !== undefined);
        const flags = (entry.comments?.flag ?? '').split(',').map((f) => f.trim()).filter((f) => f && f !== 'fuzzy');
        if (done && target.options.po.markFuzzy) flags.unshift('fuzzy');
        const msgstr = done ? (forms as string[]) : entry.msgid_plural !== undefined ? Array<string>(nplurals).fill('') : [''];
        // An entry nobody translated stays exactly as the source wrote it (when its form count already fits).
        const untouched = !done && !hasTranslation(entry) && (entry.msgid_plural === undefined || entry.msgstr.length === nplurals);
        text = untouched
          ? block.text
          : rewriteEntry(block, { msgstr, flags, note: done ? `${MACHINE_MARK} (${target.machine}); review before use` : undefined, drop: (l) => l.includes(MACHINE_MARK) }, newline);
      }
    }
    out += text + (i < blocks.length - 1 ? gaps[i + 1] : '');
  });
  const old = current.leftovers;
  if (old.length) out += (blocks.length ? newline + newline : '') + old.join(newline + newline);
  return out + gaps[blocks.length];
}

/** gettext PO/POT catalogues: entries identified by msgctxt + msgid, plurals per the target language. */
export const poFormat: Format<PoDocument> = {
  name: 'po',

  decode(bytes: Uint8Array): string {
    const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
    const charset = /charset=([\w.:-]+)/i.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
    const utf8 = charset === 'charset' || charset === 'utf-8' || charset === 'utf8';
    let text: string;
    try {
      text = new TextDecoder(utf8 ? 'utf-8' : charset, { fatal: true }).decode(bytes);
    } catch {
      throw new FormatError(utf8 ? 'not valid UTF-8' : `not valid ${charset}, as its Content-Type header says`, 1);
    }
    // Catalogues are written back as UTF-8 (the header says so).
    return text;
  },

  parse(file: SourceFile): PoDocument {
    return { path: file.path, file: parsePo(file.text) };
  },

  units(doc, target): Unit[] {
    const existing = existingBlocks(existingCatalogue(target));
    const units: Unit[] = [];
    for (const block of doc.file.blocks) {
      if (block.kind !== 'entry' || ownership(existing.get(block.key!), target) === 'keep') continue;
      for (const form of formSources(block.entry!, block.key!, target.locale)) {
        const text = protect(form.text);
        if (!/\p{L}/u.test(text.text.replace(/\{\d+\}/g, ''))) continue;
        units.push({ id: form.id, source: form.text, protected: text, line: block.line });
      }
    }
    return units;
  },

  unreviewed(_doc, target) {
    if (target.existing === undefined) return 0;
    return parsePo(target.existing).blocks.filter((b) => b.kind === 'entry' && b.entry!.msgid && isFuzzy(b.entry!)).length;
  },

  audit(_doc, target) {
    if (!target.options.po.failOnFuzzy || target.existing === undefined) return [];
    return parsePo(target.existing)
      .blocks.filter((b) => b.kind === 'entry' && isFuzzy(b.entry!))
      .map((b) => `line ${b.line}: fuzzy entry "${b.entry!.msgid.slice(0, 40)}" awaits review`);
  },

  render(doc, target, translate) {
    const translations = translationsOf(poFormat.units(doc, target), translate);
    const catalogue = existingCatalogue(target);
    const current: Existing = { byKey: existingBlocks(catalogue), leftovers: leftovers(doc, catalogue, doc.file.newline) };
    const existingDate = target.existing ? /PO-Revision-Date: ([^\\"]*)/.exec(target.existing)?.[1] : undefined;
    // Keep the old revision date when nothing else changed, so an unchanged catalogue keeps its bytes.
    if (existingDate) {
      const same = renderWith(doc, target, translations, existingDate, current);
      if (same === target.existing) return same;
    }
    return renderWith(doc, target, translations, revisionDate(new Date()), current);
  },

  verify(_doc, rendered) {
    try {
      po.parse(rendered, { validation: true });
      return null;
    } catch (error) {
      return `written catalogue does not parse: ${(error as Error).message}`;
    }
  },
};
