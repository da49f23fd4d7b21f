import type { ProtectedText } from './segment.ts';

/** A text with no letter outside its placeholders (`%(a)s %(b)s`, `…`, `'`): nothing to translate. */
export function nothingToTranslate(text: ProtectedText): boolean {
  return !/\p{L}/u.test(text.text.replace(/\{\d+\}/g, ''));
}
