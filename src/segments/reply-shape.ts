/**
 * Checks that a reply is a translation of its segment and nothing more: no note or preamble
 * around it, no further numbered segment, no text many times longer (or shorter) than the source.
 * A translation keeps its source's line structure, so extra lines are something the model added.
 */

/**
 * Chatty openings of a general-purpose model ("Sure! Here is the translation:", "以下是翻译："),
 * followed by the text. Kept narrow: translations themselves start with "This is …:" or
 * "以下是…：" ("The following … are:") often enough.
 */
const PREAMBLE = new RegExp(
  [
    /^\s*(?:(?:sure|certainly|of course|okay|ok|absolutely|alright)\b[!,.]?\s*)?(?:here(?:'s| is| are)|below is|the following is|this is)\b[^\n]{0,60}?\btranslat[^\n]{0,40}?[:：]\s*\S/,
    /^\s*(?:sure|certainly|of course|okay|absolutely|alright)[!,.]\s+(?:here|below)\b[^\n]{0,40}?[:：]\s*\S/,
    /^\s*(?:translation|translated text|übersetzung|traduction|traducción|traduzione|перевод|翻译|译文|翻訳|訳文|번역)\s*[:：]\s*\S/,
    /^\s*(?:好的|当然)[，,！!。][^\n]{0,20}?(?:翻译|译文)/,
    /^\s*(?:以下是|下面是|这是|以下は|こちらは)[^\n]{0,12}?(?:翻译|译文|翻訳)[^\n]{0,10}?[：:]\s*\S/,
  ].map((r) => r.source).join('|'),
  'i',
);

const NUMBERED_LINE = /^[ \t]*\d+[.)][ \t]/gm;

/** Han, kana and Hangul characters each carry about what two to three Latin letters do. */
const DENSE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/**
 * Length bounds, on lengths where a Han, kana or Hangul character counts 2 and any other
 * character 1 (so English → Chinese, whose character count drops to about a third, measures about
 * 0.6 × and Chinese → English about 1.5–2 ×). Full sentences grow by at most about 1.5 × between
 * languages (German from English 1.3 ×); short UI strings by up to 3 × (localisation guidelines
 * allow 200–300 % for strings under 10 characters), and the fixed allowance covers one-word labels
 * ("OK" → "Einverstanden"). A reply beyond that is not a translation (a loop, a repeated text,
 * an added essay); one below a sixth has dropped most of its source.
 */
export const MAX_LENGTH_RATIO = 3;
export const LENGTH_ALLOWANCE = 30;
export const MIN_LENGTH_RATIO = 1 / 6;

/** A text's length in Latin-letter equivalents, its `{n}` tokens and runs of white space as one. */
export function weightedLength(text: string): number {
  const plain = text.replace(/\{\d+\}/g, '').replace(/\s+/g, ' ').trim();
  // Dense scripts start at U+1100 (Hangul Jamo); most texts have nothing that high.
  return plain.length + (/[\u1100-\uffff]/.test(plain) ? (plain.match(DENSE)?.length ?? 0) : 0);
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function afterFirstLine(text: string): string {
  const at = text.trimStart().indexOf('\n');
  return at === -1 ? '' : text.trimStart().slice(at);
}

function lines(text: string): number {
  return text.includes('\n') ? text.split('\n').filter((l) => l.trim()).length : 1;
}

/** Why `reply` is more (or much less) than a translation of `source`, or null. */
export function replyShapeProblem(source: string, reply: string): string | null {
  if (PREAMBLE.test(reply) && !PREAMBLE.test(source)) return `the reply starts with a preamble (${JSON.stringify(reply.trim().split('\n')[0].slice(0, 60))})`;
  // After the first line: a reply may well start with a number ("3. taso" for "3rd level").
  if (count(afterFirstLine(reply), NUMBERED_LINE) > count(afterFirstLine(source), NUMBERED_LINE)) return 'the reply has a numbered segment the source does not have';
  const got = lines(reply);
  const want = lines(source);
  // A one-line source stays one line; text of several lines may be wrapped anew (longer languages need more lines).
  const most = want > 1 ? Math.ceil(want * 1.5) : 1;
  if (got > most) return `the reply has ${got} lines where the source has ${want} (a note or text the model added?)`;
  const from = weightedLength(source);
  const to = weightedLength(reply);
  if (to > from * MAX_LENGTH_RATIO + LENGTH_ALLOWANCE) return `the reply is ${(to / Math.max(1, from)).toFixed(1)} times as long as the source (at most ${MAX_LENGTH_RATIO} × + ${LENGTH_ALLOWANCE} characters)`;
  if (to < from * MIN_LENGTH_RATIO - 10) return `the reply is ${(to / from).toFixed(2)} times as long as the source (at least 1/6)`;
  return null;
}
