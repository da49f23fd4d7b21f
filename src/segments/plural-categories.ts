import { intlLocale } from '../config/locales.ts';

export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/** CLDR order, used for new keys and options. */
export const CATEGORY_ORDER: readonly PluralCategory[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

/** The CLDR plural categories of a locale (Node's ICU data): ru → one, few, many, other. */
export function pluralCategories(locale: string, type: 'cardinal' | 'ordinal' = 'cardinal'): PluralCategory[] {
  const found = new Intl.PluralRules(intlLocale(locale), { type }).resolvedOptions().pluralCategories as PluralCategory[];
  return CATEGORY_ORDER.filter((c) => found.includes(c));
}

export function isPluralCategory(s: string): s is PluralCategory {
  return (CATEGORY_ORDER as readonly string[]).includes(s);
}

/** The counts a plural rule is asked about: every whole number to 1000, a million, and some fractions. */
export const PLURAL_SAMPLES: readonly number[] = [...Array.from({ length: 1001 }, (_, n) => n), 1_000_000, 0.5, 1.5, 2.5, 5.5, 21.5];

/** The sample counts each form of a plural rule serves, by form. */
export function pluralExamples<K>(select: (n: number) => K): Map<K, number[]> {
  const out = new Map<K, number[]>();
  for (const n of PLURAL_SAMPLES) {
    const k = select(n);
    const list = out.get(k);
    if (list) list.push(n);
    else out.set(k, [n]);
  }
  return out;
}

const cardinal = new Map<string, Map<PluralCategory, number[]>>();

/** The sample counts of each CLDR cardinal category of a locale (ru: one → 1, 21, 31, …). */
export function categoryExamples(locale: string): Map<PluralCategory, number[]> {
  let found = cardinal.get(locale);
  if (!found) {
    const rules = new Intl.PluralRules(intlLocale(locale));
    cardinal.set(locale, (found = pluralExamples((n) => rules.select(n) as PluralCategory)));
  }
  return found;
}

/** Which source form a target form is translated from, and what the model is told about its counts. */
export interface PluralSource<S> {
  readonly from: S;
  /** English, for Qwen-MT's `domains`: the counts the form serves, when they differ from its source's. */
  readonly hint?: string;
}

/** Compared below a million: es/fr/it's `many` ("de millones") must not make their `other` differ from English's. */
function same(a: readonly number[] | undefined, b: readonly number[]): boolean {
  if (a === undefined) return false;
  const x = a.filter((n) => n < 1_000_000);
  const y = b.filter((n) => n < 1_000_000);
  return x.length > 0 && x.length === y.length && x.every((n, i) => n === y[i]);
}

/** The hint naming a form's counts: the first whole numbers, or fractions when it serves no whole number. */
export function countsHint(counts: readonly number[]): string {
  const whole = counts.filter((n) => Number.isInteger(n) && n <= 1000);
  if (!whole.length) return `Plural form for counts such as ${counts.slice(0, 3).join(', ')}; inflect the counted words for these numbers.`;
  const more = whole.length > 6 || counts.length > whole.length ? ', …' : '';
  return `Plural form for the counts ${whole.slice(0, 6).join(', ')}${more}; inflect the counted words for these numbers.`;
}

/**
 * The rule, for gettext forms and CLDR categories alike: a target form takes the source form that
 * serves exactly its counts (the singular only for a form used by n = 1 alone); any other form takes
 * `fallback` (the plural) and a hint with its counts, unless it serves every count (ja).
 */
export function pluralSource<S>(counts: readonly number[], sources: ReadonlyMap<S, readonly number[]>, fallback: S): PluralSource<S> {
  for (const [s, theirs] of sources) if (same(theirs, counts)) return { from: s };
  if (!counts.length || counts.length === PLURAL_SAMPLES.length) return { from: fallback };
  return { from: fallback, hint: countsHint(counts) };
}

/**
 * The source category each target category is translated from, for i18next keys and ICU options
 * alike: the one serving exactly its counts in the source language, else `other` with a hint (en → ru:
 * `one` serves 21 too, so it comes from `other`). A source `zero` (i18next's "no items") stays `zero`.
 */
export function categorySources(wanted: readonly PluralCategory[], present: readonly PluralCategory[], locale: string, sourceLocale: string): Map<PluralCategory, PluralSource<PluralCategory>> {
  const target = categoryExamples(locale);
  const source = categoryExamples(sourceLocale);
  const candidates = new Map<PluralCategory, readonly number[]>();
  for (const c of present) {
    const counts = source.get(c);
    if (counts) candidates.set(c, counts);
  }
  const fallback: PluralCategory = present.includes('other') ? 'other' : present[present.length - 1];
  return new Map(wanted.map((c) => [c, c === 'zero' && present.includes('zero') ? { from: c } : pluralSource(target.get(c) ?? [], candidates, fallback)]));
}
