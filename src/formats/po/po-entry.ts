import type { GetTextTranslation } from 'gettext-parser';
import { protect } from '../../segments/placeholders.ts';
import { nothingToTranslate } from '../../segments/verbatim.ts';
import type { TargetContext } from '../format.ts';
import type { PoOptions } from './po-options.ts';
import { rewriteEntry, type PoBlock } from './po-blocks.ts';
import { hasTranslation, type TargetCatalogue } from './po-catalogue.ts';

/** Marks entries this tool wrote, so a rerun may rewrite them and never a person's work. */
export const MACHINE_MARK = 'Machine-translated by translate-locales';

export function isOurs(entry: GetTextTranslation): boolean {
  return (entry.comments?.translator ?? '').includes(MACHINE_MARK);
}

export function isFuzzy(entry: GetTextTranslation): boolean {
  return flagsOf(entry).includes('fuzzy');
}

function flagsOf(entry: GetTextTranslation): string[] {
  return (entry.comments?.flag ?? '').split(',').map((f) => f.trim()).filter(Boolean);
}

/**
 * Whether the run may write an entry. A person's: any translation without our mark, and ours once
 * reviewed (the fuzzy flag we set was removed). A changed msgstr under our mark is noticed by the
 * target state (the pipeline keeps it), since only the state knows what the machine wrote.
 */
export function ownership(existing: PoBlock | undefined, target: TargetContext<PoOptions>, catalogue: TargetCatalogue): 'translate' | 'keep' {
  const e = existing?.entry;
  if (!e || !hasTranslation(e)) return 'translate';
  if (isOurs(e)) return target.options.markFuzzy && !isFuzzy(e) ? 'keep' : 'translate';
  // Filled with its own source (nothing to translate), as a run fills it without its mark: it stays a
  // unit, copied again to the same bytes, so a rerun keeps its record and counts it as before.
  if (!isFuzzy(e) && filledWithSource(e, catalogue)) return 'translate';
  return isFuzzy(e) && target.options.retranslateFuzzy ? 'translate' : 'keep';
}

/** Every msgstr form is the text it is translated from, and that text has nothing to translate. */
function filledWithSource(entry: GetTextTranslation, catalogue: TargetCatalogue): boolean {
  const sources = entryForms(entry, '', catalogue);
  return entry.msgstr.length === sources.length && sources.every((f, i) => entry.msgstr[i] === f.text && nothingToTranslate(protect(f.text)));
}

/** One msgstr form of an entry and the text it is translated from. */
export interface FormSource {
  readonly id: string;
  /** As messages name it, the way a catalogue spells it: `msgctxt "menu" msgid "Open"`, `… msgstr[1]`. */
  readonly name: string;
  readonly text: string;
  readonly hint?: string;
}

/** The texts each msgstr form is translated from (see `formSources` in plural-forms.ts). */
export function entryForms(entry: GetTextTranslation, key: string, catalogue: TargetCatalogue, ambiguous?: ReadonlySet<string>): FormSource[] {
  const name = `${entry.msgctxt === undefined ? '' : `msgctxt ${quoted(entry.msgctxt)} `}msgid ${quoted(entry.msgid)}`;
  // The model is told a msgctxt where the catalogue has the same text under another context ("Open" a menu
  // item, or a state): each hint costs a request of its own, and Qt or KDE catalogues give every entry one.
  const about = entry.msgctxt && ambiguous?.has(entry.msgid) ? `The text's context (gettext msgctxt) is ${JSON.stringify(entry.msgctxt)}; translate it in that sense.` : '';
  const hint = (counts?: string) => [counts, about].filter(Boolean).join(' ');
  const withHint = (h: string) => (h ? { hint: h } : {});
  if (entry.msgid_plural === undefined) return [{ id: key, name, text: entry.msgid, ...withHint(hint()) }];
  return catalogue.sources.map((s, i) => ({ id: `${key}|${i}`, name: `${name} msgstr[${i}]`, text: s.from === 'msgid' ? entry.msgid : entry.msgid_plural!, ...withHint(hint(s.hint)) }));
}

/** A PO string as a message shows it: quoted and escaped, long ones cut. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text);
}

export interface EntryText {
  readonly text: string;
  /** A msgstr changed: the catalogue gets a new PO-Revision-Date. */
  readonly revised: boolean;
}

/**
 * One entry of the output. `block` is the template's, `mine` the target's (its bytes are the base
 * when it exists); an entry whose msgstr stays as it is keeps its bytes.
 */
export function entryText(block: PoBlock, mine: PoBlock | undefined, target: TargetContext<PoOptions>, catalogue: TargetCatalogue, translations: ReadonlyMap<string, string>, newline: string): EntryText {
  if (ownership(mine, target, catalogue) === 'keep') return { text: mine!.text, revised: false };
  const base = mine ?? block;
  const entry = base.entry!;
  const nplurals = catalogue.forms.nplurals;
  const sources = entryForms(block.entry!, block.key!, catalogue);
  const forms = sources.map((f) => translations.get(f.id));
  const done = forms.every((f) => f !== undefined);
  const plural = block.entry!.msgid_plural !== undefined;
  const msgstr = done ? (forms as string[]) : plural ? Array<string>(nplurals).fill('') : [''];
  const same = msgstr.length === entry.msgstr.length && msgstr.every((s, i) => s === entry.msgstr[i]);
  // Nothing to change, or nothing translated yet for an entry nobody translated: its bytes stay.
  if (same || (!done && !hasTranslation(entry) && (!plural || entry.msgstr.length === nplurals))) return { text: base.text, revised: false };
  // Filled with its own source (nothing to translate), as a translator would: nothing to review.
  const copied = done && sources.every((f, i) => nothingToTranslate(protect(f.text)) && msgstr[i] === f.text);
  const flags = flagsOf(entry).filter((f) => f !== 'fuzzy');
  if (done && !copied && target.options.markFuzzy) flags.unshift('fuzzy');
  const note = done && !copied ? `${MACHINE_MARK} (${target.machine}); review before use` : undefined;
  return { text: rewriteEntry(base, { msgstr, flags, note, drop: (l) => l.includes(MACHINE_MARK) }, newline), revised: done };
}

/** The msgids a catalogue has under more than one context (none counts as one): those whose msgctxt the model must be told. */
export function ambiguousMsgids(entries: Iterable<GetTextTranslation>): Set<string> {
  const contexts = new Map<string, string | undefined>();
  const ambiguous = new Set<string>();
  for (const { msgid, msgctxt } of entries) {
    if (!contexts.has(msgid)) contexts.set(msgid, msgctxt);
    else if (contexts.get(msgid) !== msgctxt) ambiguous.add(msgid);
  }
  return ambiguous;
}
