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
