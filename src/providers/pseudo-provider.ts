import { hasLetters } from '../segments/letters.ts';
import { estimateTokens } from '../segments/tokens.ts';
import type { Provider, TranslateRequest, TranslateResult } from './provider.ts';

const ACCENTS: Readonly<Record<string, string>> = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', g: 'ĝ', h: 'ĥ', i: 'í', j: 'ĵ', k: 'ķ', l: 'ļ', n: 'ñ', o: 'ó', r: 'ŕ', s: 'š', t: 'ţ', u: 'ú', w: 'ŵ', y: 'ý', z: 'ž',
  A: 'Á', C: 'Ç', D: 'Ð', E: 'É', G: 'Ĝ', H: 'Ĥ', I: 'Í', L: 'Ļ', N: 'Ñ', O: 'Ó', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Ú', Y: 'Ý', Z: 'Ž',
};
// Tokens and anything in braces or angle brackets are copied as they are.
const KEEP = /(\{[^{}]*\}|<[^<>]*>)/;
const MARKER = /((?:^|\n)\d+\. )/;

function accent(text: string): string {
  return text
    .split(KEEP)
    .map((part, i) => (i % 2 === 1 ? part : [...part].map((ch) => ACCENTS[ch] ?? ch).join('')))
    .join('');
}

/** `text` without the tokens and white space that close it, read from its end: /(?:\s*\{\d+\})*\s*$/ is quadratic on long white space. */
function withoutClosingTokens(text: string): string {
  let end = text.length;
  for (;;) {
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    if (text[end - 1] !== '}') return text.slice(0, end);
    let open = end - 2;
    while (open >= 0 && text[open] >= '0' && text[open] <= '9') open--;
    if (open < 0 || open === end - 2 || text[open] !== '{') return text.slice(0, end);
    end = open;
  }
}

/** Pseudo-localisation: accented letters, about 30 % longer, in ［brackets］; offline and free. */
export function pseudoLocalise(text: string): string {
  return text
    .split(MARKER)
    .map((part, i) => {
      if (i % 2 === 1 || !hasLetters(part)) return part;
      // Tokens that open or close the text (a container's fence lines, say) stay outside the brackets.
      const lead = /^\s*(?:\{\d+\}\s*)*/.exec(part)?.[0] ?? '';
      const core = withoutClosingTokens(part.slice(lead.length));
      const trail = part.slice(lead.length + core.length);
      const letters = core.replace(/\{[^{}]*\}|<[^<>]*>/g, '').length;
      // Full-width brackets: ASCII ones could pair with Markdown link syntax in the text.
      return `${lead}［${accent(core)} ${'~'.repeat(Math.max(1, Math.round(letters * 0.3)))}］${trail}`;
    })
    .join('');
}

export class PseudoProvider implements Provider {
  readonly name = 'pseudo';

  async translate(req: TranslateRequest): Promise<TranslateResult> {
    const text = pseudoLocalise(req.text);
    return { text, finishReason: 'stop', promptTokens: estimateTokens(req.text), completionTokens: estimateTokens(text) };
  }

  async close(): Promise<void> {}
}
