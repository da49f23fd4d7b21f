// A tokenizer-free estimate of Qwen's token counts, used only for budgeting and pacing:
// the provider's `usage` corrects it after each request.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const SYMBOL = /[^\s\p{L}\p{N}]/gu;

export function estimateTokens(text: string): number {
  if (!text) return 0;
  const cjk = text.match(CJK)?.length ?? 0;
  let words = 0;
  for (const m of text.replace(CJK, ' ').matchAll(WORD)) words += Math.ceil(m[0].length / 5);
  const symbols = text.match(SYMBOL)?.length ?? 0;
  return cjk + words + Math.ceil(symbols * 0.7);
}

/** Billed prompt tokens the service adds to every request (its hidden translation prompt). */
export const REQUEST_OVERHEAD_TOKENS = 45;

/** Expected output ÷ input tokens, before any request has been measured. */
export const OUTPUT_RATIO = 1.3;
