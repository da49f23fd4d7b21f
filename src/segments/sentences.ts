/** Where one sentence ends and the next starts: the white space between them (empty after 。！？). */
export interface SentenceBreak {
  /** Offset of the white space (or of the next sentence, when there is none). */
  readonly at: number;
  readonly space: string;
}

let segmenter: Intl.Segmenter | undefined;

// A sentence ends in a stop, then closing quotes, brackets or placeholders (masked as ")").
const ENDS_SENTENCE = /[.!?。！？][^\p{L}\p{N}\s]*$/u;
const FULL_WIDTH_STOP = /[。！？][^\p{L}\p{N}\s]*$/u;
const OPENING = /[\p{Ps}\p{Pi}]+$/u;

/**
 * The sentence breaks of a text, by Unicode's rules (`Intl.Segmenter`: no break before a lower-case
 * word, as after "e.g.", nor inside "3.14"). A break counts only after a stop, so a line break
 * inside a sentence is none, and only at white space, except after a full-width stop (CJK writes
 * none). The `{n}` placeholders of a protected text never split.
 */
export function sentenceBreaks(text: string): SentenceBreak[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' });
  const masked = text.replace(/\{\d+\}/g, (token) => ')'.repeat(token.length));
  const breaks: SentenceBreak[] = [];
  for (const { segment, index } of segmenter.segment(masked)) {
    const end = index + segment.length;
    if (end >= text.length) break;
    let body = segment.trimEnd();
    const space = segment.slice(body.length);
    // Unicode counts an opening bracket right after a stop (！「) with the sentence before: it opens the next.
    if (!space) body = body.replace(OPENING, '');
    if (space ? ENDS_SENTENCE.test(body) : FULL_WIDTH_STOP.test(body)) breaks.push({ at: index + body.length, space });
  }
  return breaks;
}
