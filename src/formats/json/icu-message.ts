import { parse, TYPE, type MessageFormatElement, type PluralOrSelectOption } from '@formatjs/icu-messageformat-parser';
import { fromParts } from '../../segments/placeholders.ts';
import { CATEGORY_ORDER, categorySources, isPluralCategory, pluralCategories, type PluralCategory, type PluralSource } from '../../segments/plural-categories.ts';
import type { ProtectedText } from '../../segments/segment.ts';
import { nothingToTranslate } from '../../segments/verbatim.ts';
import { childId } from './child-id.ts';

/** Called for every translatable run of an ICU message; returns the text to put in its place. */
export type RunVisitor = (id: string, text: ProtectedText, raw: string, hint?: string) => string;

/** The languages a message is rendered between: plural options follow the target's categories. */
export interface IcuLocales {
  readonly locale: string;
  readonly sourceLocale: string;
}

type Located = MessageFormatElement & { location?: { start: { offset: number }; end: { offset: number } } };

function span(el: { location?: { start: { offset: number }; end: { offset: number } } }): [number, number] {
  if (!el.location) throw new Error('ICU element without location');
  return [el.location.start.offset, el.location.end.offset];
}

/** The parsed message when `value` is ICU MessageFormat with plural or select; undefined otherwise. */
export function parseIcu(value: string): MessageFormatElement[] | undefined {
  if (!/\{[^{}]*,\s*(plural|select|selectordinal)\s*,/.test(value)) return undefined;
  try {
    return parse(value, { captureLocation: true, ignoreTag: true });
  } catch {
    return undefined;
  }
}

const STRUCTURAL = new Set<number>([TYPE.plural, TYPE.select]);

/**
 * Rebuilds an ICU message for a target locale from slices of the source, so an unchanged message
 * stays byte-identical. Literal runs go through `visit`; plural options follow the target's CLDR categories.
 */
export function renderIcu(source: string, elements: MessageFormatElement[], locales: IcuLocales, visit: RunVisitor, prefix = '', hint?: string): string {
  return renderMessage(source, elements as Located[], locales, visit, prefix, hint, undefined, undefined);
}

function renderMessage(s: string, els: Located[], locales: IcuLocales, visit: RunVisitor, prefix: string, hint?: string, from?: number, to?: number): string {
  let out = '';
  let cursor = from ?? (els.length ? span(els[0])[0] : 0);
  let run: Located[] = [];
  let runIndex = 0;
  const flush = () => {
    if (!run.length) return;
    const start = span(run[0])[0];
    const end = span(run[run.length - 1])[1];
    const raw = s.slice(start, end);
    const parts = run.map((el) => {
      const [a, b] = span(el);
      return el.type === TYPE.literal ? s.slice(a, b) : { token: s.slice(a, b) };
    });
    const text = fromParts(parts);
    out += nothingToTranslate(text) ? raw : visit(childId(prefix, '@', runIndex), text, raw, hint);
    runIndex++;
    run = [];
  };
  for (const el of els) {
    const [a, b] = span(el);
    if (a > cursor) {
      flush();
      out += s.slice(cursor, a);
    }
    if (STRUCTURAL.has(el.type)) {
      flush();
      out += renderChoice(s, el, locales, visit, childId(prefix, '@', runIndex), hint);
      runIndex++;
    } else {
      run.push(el);
    }
    cursor = b;
  }
  flush();
  const end = to ?? cursor;
  if (end > cursor) out += s.slice(cursor, end);
  return out;
}

function renderChoice(s: string, el: Located, locales: IcuLocales, visit: RunVisitor, prefix: string, hint?: string): string {
  if (el.type !== TYPE.plural && el.type !== TYPE.select) throw new Error('not a choice');
  const [elStart, elEnd] = span(el);
  const entries = Object.entries(el.options) as [string, PluralOrSelectOption & { location?: Located['location'] }][];
  const located = entries.map(([key, opt]) => {
    const [bodyStart, bodyEnd] = span(opt);
    return { key, opt, bodyStart, bodyEnd, keyStart: s.lastIndexOf(key, bodyStart) };
  });
  const header = s.slice(elStart, located[0].keyStart);
  const trailer = s.slice(located[located.length - 1].bodyEnd, elEnd);
  const gap = located.length > 1 ? s.slice(located[0].bodyEnd, located[1].keyStart) : ' ';
  const body = (o: (typeof located)[number], id: string, note = hint) => `{${renderMessage(s, o.opt.value as Located[], locales, visit, id, note, o.bodyStart + 1, o.bodyEnd - 1)}}`;
  const byKey = new Map(located.map((o) => [o.key, o]));

  let keys = located.map((o) => o.key);
  let sources = new Map<string, PluralSource<PluralCategory>>();
  if (el.type === TYPE.plural) {
    const ordinal = el.pluralType === 'ordinal';
    const wanted = pluralCategories(locales.locale, ordinal ? 'ordinal' : 'cardinal');
    keys = keys.filter((k) => k.startsWith('=') || !isPluralCategory(k) || wanted.includes(k) || k === 'other');
    for (const cat of wanted) {
      if (keys.includes(cat)) continue;
      const otherAt = keys.indexOf('other');
      const before = keys.findIndex((k) => isPluralCategory(k) && CATEGORY_ORDER.indexOf(k) > CATEGORY_ORDER.indexOf(cat));
      keys.splice(before >= 0 ? before : otherAt >= 0 ? otherAt : keys.length, 0, cat);
    }
    // Cardinal options take their text by the counts they serve; ordinals keep their own, else `other`.
    if (!ordinal) sources = categorySources(wanted, keys.filter((k) => byKey.has(k) && isPluralCategory(k)) as PluralCategory[], locales.locale, locales.sourceLocale);
  }
  const sourceOf = (k: string): PluralSource<string> => sources.get(k as PluralCategory) ?? { from: byKey.has(k) ? k : 'other' };
  const same = keys.length === located.length && keys.every((k, i) => k === located[i].key && sourceOf(k).from === k && !sourceOf(k).hint);
  if (same) {
    let out = header;
    located.forEach((o, i) => {
      if (i > 0) out += s.slice(located[i - 1].bodyEnd, o.keyStart);
      out += s.slice(o.keyStart, o.bodyStart) + body(o, childId(prefix, '/', o.key));
    });
    return out + trailer;
  }
  const fallback = byKey.get('other') ?? located[located.length - 1];
  return (
    header +
    keys
      .map((k) => {
        const { from, hint: counts } = sourceOf(k);
        const own = byKey.get(k);
        const text = body(byKey.get(from) ?? fallback, childId(prefix, '/', k), counts ?? hint);
        return own ? s.slice(own.keyStart, own.bodyStart) + text : `${k} ${text}`;
      })
      .join(gap) +
    trailer
  );
}
