const LETTER = /\p{L}/u;

/** Whether a text has a letter of any script: one without (numbers, symbols, markup) has nothing to translate. */
export function hasLetters(text: string): boolean {
  return LETTER.test(text);
}
