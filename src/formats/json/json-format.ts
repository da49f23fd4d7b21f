import { protect } from '../../segments/placeholders.ts';
import { CATEGORY_ORDER, categorySources, pluralCategories, type PluralCategory } from '../../segments/plural-categories.ts';
import type { ProtectedText, Unit } from '../../segments/segment.ts';
import { nothingToTranslate } from '../../segments/verbatim.ts';
import type { Format, RenderSink, SourceFile, TargetContext, Translate } from '../format.ts';
import { FormatError } from '../../errors/format-error.ts';
import { parseIcu, renderIcu, type IcuLocales } from './icu-message.ts';
import { positionCounter } from '../line-counter.ts';
import { RangeReplacer, type Edit } from '../replace-ranges.ts';
import { childId } from './child-id.ts';
import { pointerSegment, scanJson, type JsonPluralRun, type JsonString } from './scan-json.ts';

interface JsonDocument {
  readonly text: string;
}

/** A visitor over the translatable pieces of one string value: ICU runs or the whole string. */
type Visit = (id: string, text: ProtectedText, raw: string, offset: number, hint?: string) => string;

/** Renders one string value: ICU messages run by run, other strings whole (`every`: also those with nothing to translate). */
function renderString(value: string, id: string, locales: IcuLocales, visit: Visit, offset: number, hint?: string, every = false): string {
  const icu = parseIcu(value);
  if (icu) return renderIcu(value, icu, locales, (run, text, raw, h) => visit(run, text, raw, offset, h), id, hint);
  const text = protect(value);
  return nothingToTranslate(text) && !every ? value : visit(id, text, value, offset, hint);
}

/** The run's keys in the target: its CLDR categories, plus `_zero` if the source has it (i18next's special zero). */
function targetCategories(run: JsonPluralRun, locale: string): PluralCategory[] {
  const cats = new Set(pluralCategories(locale));
  if (run.members.some((m) => m.category === 'zero')) cats.add('zero');
  return CATEGORY_ORDER.filter((c) => cats.has(c));
}

/** The run's target keys in order: CLDR's, but a bare `other` that led the source's run leads the target's too. */
function targetOrder(cats: PluralCategory[], run: JsonPluralRun): PluralCategory[] {
  return run.bare && run.members[0].category === 'other' ? ['other', ...cats.filter((c) => c !== 'other')] : cats;
}

/** Which form `other` takes in a run read back (`eachCurrent`): the source's, so its id is the one the render gives. */
type OtherForm = (run: JsonPluralRun) => boolean | undefined;

interface WalkOptions {
  /** Each change that turns the source into the target, in order. */
  readonly edit?: (e: Edit) => void;
  /** Also visit strings with nothing to translate. */
  readonly every?: boolean;
  readonly bareOther?: OtherForm;
  /** Each string the target gets, under the id its reading gives it, as it is written. */
  readonly written?: (id: string, value: string) => void;
  /** Told when a plural run is written with keys of the target's language: they may meet a key the object already has. */
  readonly rekeyed?: () => void;
}

/** Walks every string in document order, calling `visit` for its pieces (see `WalkOptions` for the rest). */
function walk(text: string, locales: IcuLocales, visit: Visit, { edit = () => {}, every = false, bareOther, written, rekeyed }: WalkOptions = {}): void {
  const leaf = ({ pointer, value, offset, length }: JsonString, id = pointer) => {
    const out = renderString(value, id, locales, visit, offset, undefined, every);
    if (out !== value) edit({ start: offset, end: offset + length, text: JSON.stringify(out) });
    written?.(id, out);
  };
  scanJson(text, {
    string: (s) => leaf(s),
    plural(run) {
      const bare = bareOther?.(run) ?? run.bare;
      // i18next falls back to the bare key for a count, so it stays the `other` form (and keeps its id).
      const keyOf = (cat: PluralCategory) => (cat === 'other' && bare ? run.base : `${run.base}_${cat}`);
      const idOf = (cat: PluralCategory) => childId(run.parent, '/', pointerSegment(keyOf(cat)));
      const cats = targetOrder(targetCategories(run, locales.locale), run);
      const members = run.members;
      const byCategory = new Map(members.map((m) => [m.category as PluralCategory, m]));
      const sources = categorySources(cats, [...byCategory.keys()], locales.locale, locales.sourceLocale);
      const own = cats.length === members.length && cats.every((c, i) => c === members[i].category && sources.get(c)!.from === c && !sources.get(c)!.hint);
      if (own) return members.forEach((m) => leaf(m, idOf(m.category as PluralCategory)));
      rekeyed?.();
      const first = members[0];
      const last = members[members.length - 1];
      const colon = text.slice(first.keyOffset + first.keyLength, first.offset);
      const sep = members.length > 1 ? text.slice(first.offset + first.length, members[1].keyOffset) : ', ';
      const rendered = cats.map((cat) => {
        const { from, hint } = sources.get(cat)!;
        const member = byCategory.get(from)!;
        const value = renderString(member.value, idOf(cat), locales, visit, member.offset, hint, every);
        written?.(idOf(cat), value);
        return `${JSON.stringify(keyOf(cat))}${colon}${JSON.stringify(value)}`;
      });
      edit({ start: first.keyOffset, end: last.offset + last.length, text: rendered.join(sep) });
    },
  });
}

function eachUnit(doc: JsonDocument, target: TargetContext, visit: (unit: Unit, index: number) => void): void {
  let index = 0;
  const at = positionCounter(doc.text);
  walk(doc.text, target, (id, text, raw, offset, hint) => {
    visit({ id, source: raw, protected: text, ...at(offset), ...(hint ? { hint } : {}) }, index++);
    return raw;
  });
}

/**
 * Each string (or ICU run) of the existing target as it stands, by id; false if there is none, or it is
 * empty (nothing in it to keep: a write cut short, or a placeholder). A target that is not JSON throws:
 * one bad byte must not make a person's translations look absent.
 */
function eachCurrent(doc: JsonDocument, target: TargetContext, visit: (id: string, text: string) => void): boolean {
  if (target.existing === undefined || !target.existing.trim()) return false;
  // A target run that writes `other` the other way (`base_other` for the source's bare `base`, or the reverse) is
  // read under the source's id, so a person's `other` is found where the render puts it.
  // Not where the target also has the source's own key elsewhere: that one is read as it is, and this `other` under its own id.
  const existing = target.existing;
  let forms: Map<string, boolean> | undefined;
  let present: Set<string> | undefined;
  const bareOther: OtherForm = (run) => {
    const key = childId(run.parent, '/', pointerSegment(run.base));
    const bare = (forms ??= sourceRunForms(doc)).get(key);
    if (bare === undefined || bare === run.bare) return bare;
    present ??= stringPointers(existing, forms);
    return present.has(bare ? key : `${key}_other`) ? run.bare : bare;
  };
  // The target is read in its own language: each plural key as it stands; a person's "—" or "/ {{limit}}" too,
  // but not an empty value: no one's translation, so translated as if absent.
  const locales = { locale: target.locale, sourceLocale: target.locale };
  walk(target.existing, locales, (_id, _text, raw) => raw, { bareOther, written: (id, value) => readString(value, id, target.locale, visit) });
  return true;
}

/** What `eachCurrent` reads in one string of a target: its text, or its ICU runs' (none for an empty one). */
function readString(value: string, id: string, locale: string, visit: (id: string, text: string) => void): void {
  renderString(value, id, { locale, sourceLocale: locale }, (run, _text, raw) => {
    if (raw !== '') visit(run, raw);
    return raw;
  }, 0, undefined, true);
}

/** Which of the source runs' bare and `_other` pointers the text has a string at (one more pass, only for a target whose runs differ in form). */
function stringPointers(text: string, forms: ReadonlyMap<string, boolean>): Set<string> {
  const found = new Set<string>();
  const note = (pointer: string) => {
    if (forms.has(pointer) || (pointer.endsWith('_other') && forms.has(pointer.slice(0, -'_other'.length)))) found.add(pointer);
  };
  scanJson(text, { string: (s) => note(s.pointer), plural: (run) => run.members.forEach((m) => note(m.pointer)) });
  return found;
}

const runForms = new WeakMap<JsonDocument, Map<string, boolean>>();

/** Whether each plural run of the source has a bare `other`, by the pointer of its base; read once per source. */
function sourceRunForms(doc: JsonDocument): Map<string, boolean> {
  let forms = runForms.get(doc);
  if (!forms) {
    const found = new Map<string, boolean>();
    scanJson(doc.text, { plural: (run) => found.set(childId(run.parent, '/', pointerSegment(run.base)), run.bare) });
    runForms.set(doc, (forms = found));
  }
  return forms;
}

/**
 * The same walk as `eachUnit`, so units arrive in its order and are never all held at once; nor are the
 * edits or the output. Each string written is read as `eachCurrent` would read it in the file.
 */
function renderTo(doc: JsonDocument, target: TargetContext, translate: Translate, out: RenderSink): boolean {
  let index = 0;
  let rekeyed = false;
  const at = positionCounter(doc.text);
  const replacer = new RangeReplacer(doc.text, out.write);
  walk(doc.text, target, (id, text, raw, offset, hint) => translate({ id, source: raw, protected: text, ...at(offset), ...(hint ? { hint } : {}) }, index++) ?? raw, {
    edit: (e) => replacer.replace(e),
    written:
      out.written &&
      ((id, value) => {
        const units: [string, string][] = [];
        readString(value, id, target.locale, (unit, text) => units.push([unit, text]));
        out.written!(units);
      }),
    rekeyed: () => (rekeyed = true),
  });
  replacer.end();
  // Strings and the source's own bytes are JSON by construction; keys a plural run gains may repeat one the object has.
  return rekeyed;
}

/** JSON locale files: every string leaf is a unit; everything else keeps its bytes. */
export const jsonFormat: Format<JsonDocument> = {
  name: 'json',
  rendersFromSource: true,
  unrecordedIsHuman: true,

  parse(file: SourceFile): JsonDocument {
    // An empty file is not a locale file with no strings (that is `{}`): most likely a write cut short.
    if (!file.text.trim()) throw new FormatError('empty file: no JSON value (a file without strings is {})', 1);
    scanJson(file.text);
    return { text: file.text };
  },

  units(doc, target: TargetContext): Unit[] {
    const units: Unit[] = [];
    eachUnit(doc, target, (unit) => units.push(unit));
    return units;
  },

  eachUnit,

  current(doc, target) {
    const map = new Map<string, string>();
    return eachCurrent(doc, target, (id, text) => map.set(id, text)) ? map : undefined;
  },

  eachCurrent,

  render(doc, target, translate) {
    const pieces: string[] = [];
    renderTo(doc, target, translate, { write: (piece) => pieces.push(piece) });
    return pieces.join('');
  },

  renderTo,

  verify(doc, rendered) {
    try {
      scanJson(rendered);
      return null;
    } catch (error) {
      return `rendered JSON is invalid: ${(error as Error).message}`;
    }
  },
};
