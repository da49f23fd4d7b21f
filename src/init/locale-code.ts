import { qwenLanguageFor } from '../config/locales.ts';

const SHAPE = /^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/;

/** Whether a folder or file name is a locale code Qwen-MT can translate to or from (`en`, `pt-BR`, `zh_CN`). */
export function isLocaleCode(name: string): boolean {
  if (!SHAPE.test(name)) return false;
  try {
    Intl.getCanonicalLocales(name.replace(/_/g, '-'));
  } catch {
    return false;
  }
  return qwenLanguageFor(name) !== undefined;
}
