import { intlLocale, qwenLanguageFor } from '../../config/locales.ts';

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

/** Compiles one of the table's C expressions (never one read from a file) into a function. */
function compile(expression: string): (n: number) => number {
  const body = /plural=(.*);\s*$/.exec(expression)?.[1];
  if (!body || !/^[n\d\s%=!<>&|?:()]+$/.test(body)) throw new Error(`bad plural expression ${expression}`);
  // The table is ours and the character set above admits no identifiers but n: safe to evaluate.
  const fn = new Function('n', `return Number(${body});`) as (n: number) => number;
  return fn;
}

export function pluralFormsFor(locale: string): PluralForms {
  const code = qwenLanguageFor(locale)?.code ?? locale;
  const tag = locale.toLowerCase().replace(/_/g, '-');
  let expression = TABLE[tag] ?? TABLE[code];
  if (!expression) {
    const rules = new Intl.PluralRules(intlLocale(locale));
    const cats = rules.resolvedOptions().pluralCategories;
    expression = cats.length === 1 ? ONE : rules.select(0) === 'one' ? OVER_ONE : NOT_ONE;
  }
  return { nplurals: Number(/nplurals=(\d+)/.exec(expression)![1]), expression, formFor: compile(expression) };
}

/** Whether form `i` is translated from msgid (the form that 1 selects) rather than msgid_plural. */
export function formUsesSingular(forms: PluralForms, i: number): boolean {
  return forms.nplurals > 1 && forms.formFor(1) === i;
}
