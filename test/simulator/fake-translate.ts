import { createHash } from 'node:crypto';

export type FakeMode = 'fake' | 'identity';

// Copied verbatim, as a careful MT model would: placeholders, tags, URLs, code, segment markers.
const KEEP = /(\{[^{}\n]*\}|<[^<>\n]*>|`[^`\n]*`|\b(?:https?|mailto):[^\s<>()]+|&[#\w]+;|%\(?[\w$]*\)?[a-zA-Z%@])/u;
const CJK_TARGETS = new Set(['Chinese', 'Traditional Chinese', 'Japanese', 'Korean', 'Cantonese']);
const HAN = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经';

function hash(s: string): number {
  return createHash('md5').update(s).digest().readUInt32LE(0);
}

/** A word in the target "language": deterministic, so a test can predict it, and visibly different. */
function fakeWord(word: string, target: string): string {
  if (!/\p{L}/u.test(word)) return word;
  if (CJK_TARGETS.has(target)) {
    const h = hash(`${target}:${word.toLowerCase()}`);
    const len = 1 + (h % 3);
    let out = '';
    for (let i = 0; i < len; i++) out += HAN[(h >>> (i * 5)) % HAN.length];
    return out;
  }
  const tag = target.slice(0, 2).toLowerCase();
  // Swap the word's letters per a rotation that depends on the target, keep its case shape.
  const rot = (hash(target) % 25) + 1;
  const rotated = [...word]
    .map((ch) => {
      const c = ch.charCodeAt(0);
      if (c >= 97 && c <= 122) return String.fromCharCode(((c - 97 + rot) % 26) + 97);
      if (c >= 65 && c <= 90) return String.fromCharCode(((c - 65 + rot) % 26) + 65);
      return ch;
    })
    .join('');
  return word.length > 3 ? `${rotated}${tag}` : rotated;
}

export function fakeTranslate(text: string, target: string, mode: FakeMode, terms: readonly { source: string; target: string }[] = []): string {
  if (mode === 'identity') return text;
  return text
    .split(KEEP)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      let out = '';
      let rest = part;
      for (const term of terms) {
        if (term.source && rest.includes(term.source)) rest = rest.split(term.source).join(`\u0000${terms.indexOf(term)}\u0000`);
      }
      out = rest.replace(/[\p{L}\p{N}'’]+/gu, (w) => fakeWord(w, target));
      return out.replace(/\u0000(\d+)\u0000/g, (_, n: string) => terms[Number(n)].target);
    })
    .join('');
}
