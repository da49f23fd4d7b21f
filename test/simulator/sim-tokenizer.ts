// The simulator's own token count (it stands in for Qwen's tokenizer): CJK characters one each,
// words one per four letters, other symbols one each. The client's estimate is deliberately separate.
export function simTokens(text: string): number {
  let n = 0;
  for (const m of text.matchAll(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)) {
    const s = m[0];
    n += /[\p{L}\p{N}]{2,}/u.test(s) ? Math.ceil(s.length / 4) : 1;
  }
  return n;
}

/** Hidden translation prompt billed on every request. */
export const SIM_PROMPT_OVERHEAD = 40;
