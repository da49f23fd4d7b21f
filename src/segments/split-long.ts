import type { ProtectedText } from './segment.ts';
import { sentenceBreaks } from './sentences.ts';
import { estimateTokens } from './tokens.ts';

export interface SplitText {
  readonly pieces: ProtectedText[];
  /** White space that stood between piece i and i+1. */
  readonly joins: string[];
}

const SENTENCE_END = /(?<=[.!?。！？](?:["'”’)\]]|\{\d+\})*)(\s+)(?=\S)/g;

/**
 * Splits a text longer than `maxTokens` at sentence boundaries into pieces that fit, each with its
 * own token numbering, so a paragraph never exceeds the model's input budget. Short texts come back whole.
 */
export function splitLong(text: ProtectedText, maxTokens: number): SplitText {
  if (estimateTokens(text.text) <= maxTokens) return { pieces: [text], joins: [] };
  const sentences: string[] = [];
  const spaces: string[] = [];
  let last = 0;
  for (const b of sentenceBreaks(text.text)) {
    sentences.push(text.text.slice(last, b.at));
    spaces.push(b.space);
    last = b.at + b.space.length;
  }
  sentences.push(text.text.slice(last));
  const chunks: string[] = [];
  const joins: string[] = [];
  let current = sentences[0];
  for (let i = 1; i < sentences.length; i++) {
    if (estimateTokens(current + spaces[i - 1] + sentences[i]) > maxTokens) {
      chunks.push(current);
      joins.push(spaces[i - 1]);
      current = sentences[i];
    } else current += spaces[i - 1] + sentences[i];
  }
  chunks.push(current);
  const pieces = chunks.map((chunk, i): ProtectedText => {
    const tokens: string[] = [];
    const local = chunk.replace(/\{(\d+)\}/g, (_, n: string) => {
      tokens.push(text.tokens[Number(n)]);
      return `{${tokens.length - 1}}`;
    });
    return { text: local, tokens, lead: i === 0 ? text.lead : '', trail: i === chunks.length - 1 ? text.trail : '' };
  });
  return { pieces, joins };
}
