import { intlLocale, qwenLanguageFor } from '../../config/locales.ts';
import { FormatError } from '../../errors/format-error.ts';
import { compilePluralExpression } from './plural-expression.ts';
import { PLURAL_SAMPLES, pluralExamples, pluralSource, type PluralSource } from '../../segments/plural-categories.ts';

/** A gettext Plural-Forms header and its meaning. */
export interface PluralForms {
  readonly nplurals: number;
  readonly expression: string;
  /** The form index for a count (the expression, evaluated). */
  readonly formFor: (n: number) => number;
}

const EAST_SLAVIC = 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);';
const ARABIC = 'nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);';
const ONE = 'nplurals=1; plural=0;';
const NOT_ONE = 'nplurals=2; plural=(n != 1);';
const OVER_ONE = 'nplurals=2; plural=(n > 1);';

// gettext's conventional Plural-Forms (as in its own documentation and the Unicode CLDR-derived
// tables gettext ships), by Qwen-MT language code. Languages not listed follow CLDR through Intl.
const TABLE: Readonly<Record<string, string>> = {
  fr: OVER_ONE, tl: OVER_ONE, hy: OVER_ONE, fa: OVER_ONE, oc: OVER_ONE, 'pt-br': OVER_ONE,
  es: NOT_ONE, it: NOT_ONE, pt: NOT_ONE, ca: NOT_ONE, gl: NOT_ONE, he: NOT_ONE, ast: NOT_ONE, scn: NOT_ONE, vec: NOT_ONE,
  ru: EAST_SLAVIC, uk: EAST_SLAVIC, be: EAST_SLAVIC, sr: EAST_SLAVIC, hr: EAST_SLAVIC, bs: EAST_SLAVIC,
  pl: 'nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);',
  cs: 'nplurals=3; plural=(n==1 ? 0 : n>=2 && n<=4 ? 1 : 2);',
  sk: 'nplurals=3; plural=(n==1 ? 0 : n>=2 && n<=4 ? 1 : 2);',
  lt: 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);',
  lv: 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);',
  ro: 'nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);',
  sl: 'nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);',
  cy: 'nplurals=4; plural=(n==1 ? 0 : n==2 ? 1 : (n != 8 && n != 11) ? 2 : 3);',
  mt: 'nplurals=4; plural=(n==1 ? 0 : n==0 || (n%100>1 && n%100<11) ? 1 : (n%100>10 && n%100<20) ? 2 : 3);',
  is: 'nplurals=2; plural=(n%10!=1 || n%100==11);',
  mk: 'nplurals=2; plural=(n==1 || n%10==1 ? 0 : 1);',
  ar: ARABIC, arz: ARABIC, acm: ARABIC, ary: ARABIC, ars: ARABIC, apc: ARABIC, ajp: ARABIC, acq: ARABIC, aeb: ARABIC,
};

/** More forms than any language has: a header asking for more is refused, not allocated. */
const MAX_FORMS = 10;
const MAX_LENGTH = 500;

/**
 * Compiles a Plural-Forms value, ours or a catalogue's (so possibly hostile): only `n`, numbers and
 * C operators, evaluated without `eval`; every sample count must give a form in range.
 */
export function compilePluralForms(header: string): PluralForms {
  const m = /^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$/.exec(header);
  const nplurals = Number(m?.[1]);
  const body = m?.[2] ?? '';
  const refuse = (why = '') => new FormatError(`Plural-Forms "${header.slice(0, 80)}" is not a gettext plural formula${why}`);
  if (!m || nplurals < 1 || nplurals > MAX_FORMS || body.length > MAX_LENGTH) throw refuse();
  let formFor: (n: number) => number;
  try {
    formFor = compilePluralExpression(body);
  } catch (error) {
    throw refuse(` (${(error as Error).message})`);
  }
  // gettext evaluates whole counts only; what a formula says of a fraction is a hint at most.
  for (const n of PLURAL_SAMPLES.filter(Number.isInteger)) {
    const form = formFor(n);
    if (!Number.isInteger(form) || form < 0 || form >= nplurals) throw new FormatError(`Plural-Forms "${header.slice(0, 80)}" gives form ${form} for n = ${n}, outside 0–${nplurals - 1}`);
  }
  return { nplurals, expression: header.trim(), formFor };
}

/** The built-in Plural-Forms of a locale (gettext's conventional ones, else CLDR through Intl). */
export function pluralFormsFor(locale: string): PluralForms {
  const code = qwenLanguageFor(locale)?.code ?? locale;
  const tag = locale.toLowerCase().replace(/_/g, '-');
  let expression = TABLE[tag] ?? TABLE[code];
  if (!expression) {
    const rules = new Intl.PluralRules(intlLocale(locale));
    const cats = rules.resolvedOptions().pluralCategories;
    expression = cats.length === 1 ? ONE : rules.select(0) === 'one' ? OVER_ONE : NOT_ONE;
  }
  return compilePluralForms(expression);
}

export type PoSource = 'msgid' | 'msgid_plural';

/** The counts msgid and msgid_plural are written for: 1, and every other. */
const SOURCE_COUNTS: ReadonlyMap<PoSource, readonly number[]> = new Map<PoSource, readonly number[]>([
  ['msgid', [1]],
  ['msgid_plural', PLURAL_SAMPLES.filter((n) => n !== 1)],
]);

/**
 * Where each form is translated from: msgid only for a form used by n = 1 alone; every other form
 * (ru's first serves 21, 31, …) from msgid_plural, with its counts told to the model.
 */
export function formSources(forms: PluralForms): PluralSource<PoSource>[] {
  const examples = pluralExamples(forms.formFor);
  return Array.from({ length: forms.nplurals }, (_, i) => pluralSource(examples.get(i) ?? [], SOURCE_COUNTS, 'msgid_plural' as PoSource));
}
