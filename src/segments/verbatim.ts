import { hasLetters } from './letters.ts';
import type { ProtectedText } from './segment.ts';

/** A text with no letter outside its placeholders (`%(a)s %(b)s`, `…`, `'`): nothing to translate. */
export function nothingToTranslate(text: ProtectedText): boolean {
  return !hasLetters(text.text.replace(/\{\d+\}/g, ''));
}
