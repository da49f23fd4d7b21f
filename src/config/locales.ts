import { QWEN_LANGUAGES, type QwenLanguage } from './qwen-languages.ts';

const byCode = new Map(QWEN_LANGUAGES.map((l) => [l.code.toLowerCase(), l]));
const byName = new Map(QWEN_LANGUAGES.map((l) => [l.name.toLowerCase(), l]));

// BCP-47 tags whose Qwen-MT language is not simply their primary subtag.
const ALIASES: Readonly<Record<string, string>> = {
  'zh-hans': 'zh', 'zh-cn': 'zh', 'zh-sg': 'zh', 'zh-my': 'zh', 'cmn': 'zh',
  'zh-hant': 'zh_tw', 'zh-tw': 'zh_tw', 'zh-hk': 'zh_tw', 'zh-mo': 'zh_tw', 'zh_tw': 'zh_tw',
  'zh-yue': 'yue', 'yue-hant': 'yue', 'yue-hk': 'yue',
  'no': 'nb', 'nob': 'nb', 'nno': 'nn',
  'fil': 'tl', 'iw': 'he', 'in': 'id', 'pes': 'fa', 'prs': 'fa',
  'uzn': 'uz', 'azj': 'az', 'als': 'sq', 'zsm': 'ms',
};

/**
 * Whether `code` may name a locale: a well-formed BCP-47 tag (`pt_BR` spelling allowed) or a Qwen-MT
 * English name. Locale codes become file names, so nothing else (`de-/../../x`) gets that far.
 */
export function isLocaleCode(code: string): boolean {
  if (byName.has(code.toLowerCase())) return true;
  try {
    return Intl.getCanonicalLocales(code.replace(/_/g, '-')).length === 1;
  } catch {
    return false;
  }
}

/** Normalises `pt_BR`, `PT-br` to `pt-br`. */
function normalise(tag: string): string {
  return tag.trim().replace(/_/g, '-').toLowerCase();
}

/**
 * The Qwen-MT language for a BCP-47 locale code (or a Qwen-MT English name), or undefined.
 * Tries the whole tag, then drops subtags from the right: `zh-Hant-TW` → `zh-hant`, `pt-BR` → `pt`.
 */
export function qwenLanguageFor(locale: string): QwenLanguage | undefined {
  const named = byName.get(locale.trim().toLowerCase());
  if (named) return named;
  const parts = normalise(locale).split('-');
  for (let n = parts.length; n > 0; n--) {
    const tag = parts.slice(0, n).join('-');
    const alias = ALIASES[tag];
    const hit = byCode.get(alias ?? tag) ?? (tag === 'zh-tw' ? byCode.get('zh_tw') : undefined);
    if (hit) return hit;
    // Script subtags decide Chinese: zh-Hant-* is Traditional even with an unknown region.
    if (n === 2 && parts[0] === 'zh' && parts[1] === 'hant') return byCode.get('zh_tw');
  }
  return undefined;
}

/** The Intl locale to use for plural rules: `zh_tw` style codes are not valid BCP-47. */
export function intlLocale(locale: string): string {
  const tag = locale.replace(/_/g, '-');
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? 'en';
  } catch {
    return 'en';
  }
}
