import { parse, TYPE, type MessageFormatElement, type PluralOrSelectOption } from '@formatjs/icu-messageformat-parser';
import { fromParts } from '../../segments/placeholders.ts';
import { CATEGORY_ORDER, isPluralCategory, pluralCategories } from '../../segments/plural-categories.ts';
import type { ProtectedText } from '../../segments/segment.ts';
import { nothingToTranslate } from '../../segments/verbatim.ts';

/** Called for every translatable run of an ICU message; returns the text to put in its place. */
export type RunVisitor = (id: string, text: ProtectedText, raw: string) => string;

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
export function renderIcu(source: string, elements: MessageFormatElement[], locale: string, visit: RunVisitor, prefix = ''): string {
  return renderMessage(source, elements as Located[], locale, visit, prefix, undefined, undefined);
}

function renderMessage(s: string, els: Located[], locale: string, visit: RunVisitor, prefix: string, from?: number, to?: number): string {
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
    out += nothingToTranslate(text) ? raw : visit(`${prefix}@${runIndex}`, text, raw);
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
      out += renderChoice(s, el, locale, visit, `${prefix}@${runIndex}`);
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

function renderChoice(s: string, el: Located, locale: string, visit: RunVisitor, prefix: string): string {
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
  const body = (o: (typeof located)[number], id: string) => `{${renderMessage(s, o.opt.value as Located[], locale, visit, id, o.bodyStart + 1, o.bodyEnd - 1)}}`;

  let keys = located.map((o) => o.key);
  if (el.type === TYPE.plural) {
    const wanted = pluralCategories(locale, el.pluralType === 'ordinal' ? 'ordinal' : 'cardinal');
    keys = keys.filter((k) => k.startsWith('=') || !isPluralCategory(k) || wanted.includes(k) || k === 'other');
    for (const cat of wanted) {
      if (keys.includes(cat)) continue;
      const otherAt = keys.indexOf('other');
      const before = keys.findIndex((k) => isPluralCategory(k) && CATEGORY_ORDER.indexOf(k) > CATEGORY_ORDER.indexOf(cat));
      keys.splice(before >= 0 ? before : otherAt >= 0 ? otherAt : keys.length, 0, cat);
    }
  }
  const same = keys.length === located.length && keys.every((k, i) => k === located[i].key);
  if (same) {
    let out = header;
    located.forEach((o, i) => {
      if (i > 0) out += s.slice(located[i - 1].bodyEnd, o.keyStart);
      out += s.slice(o.keyStart, o.bodyStart) + body(o, `${prefix}/${o.key}`);
    });
    return out + trailer;
  }
  const byKey = new Map(located.map((o) => [o.key, o]));
  const fallback = byKey.get('other') ?? located[located.length - 1];
  return (
    header +
    keys
      .map((k) => {
        const own = byKey.get(k);
        if (own) return s.slice(own.keyStart, own.bodyStart) + body(own, `${prefix}/${k}`);
        const from = k === 'one' ? (byKey.get('one') ?? fallback) : fallback;
        return `${k} ${body(from, `${prefix}/${k}`)}`;
      })
      .join(gap) +
    trailer
  );
}
