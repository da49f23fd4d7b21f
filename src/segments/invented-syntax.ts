import { PLACEHOLDER_PATTERNS } from './placeholders.ts';

/**
 * Links a reply must not add beyond the URLs protected before sending: bare `www.` hosts, script
 * and data URLs. A source's URLs and placeholders were turned into `{n}` tokens, so in a reply
 * any of these, or of the placeholder syntaxes, is new.
 */
const LINKS: readonly RegExp[] = [
  /\bwww\.[^\s<>()"']+/,
  /\b(?:[Jj][Aa][Vv][Aa]|[Vv][Bb])[Ss][Cc][Rr][Ii][Pp][Tt]:[^\s<>()"']+/,
  /\b[Dd][Aa][Tt][Aa]:[^\s<>()"',;]+[;,]/,
];

const SYNTAX = new RegExp([...PLACEHOLDER_PATTERNS, ...LINKS].map((p) => `(?:${p.source})`).join('|'), 'g');
const TOKEN = /^\{\d+\}$/;
/** A character every match of SYNTAX contains: a text without one has none (the common case, checked cheaply). */
const CANDIDATE = /[{}$%<&:]|www\./;

/** Placeholder, tag, entity and URL syntax in `text`, the protected `{n}` tokens left out. */
function syntaxIn(text: string): string[] {
  return [...text.matchAll(SYNTAX)]
    // `:name` right after a word or a placeholder is a suffix (`Größe:wert`, Finnish `{0}:lle`), not a placeholder.
    // A backslash before it makes it literal text: Markdown's escaping of a translation's own characters (`\<Konfig>`).
    .filter((m) => !TOKEN.test(m[0]) && text[m.index - 1] !== '\\' && !(m[0].startsWith(':') && /[\p{L}\p{N}}%]/u.test(text[m.index - 1] ?? '')))
    .map((m) => m[0]);
}

/**
 * Why a reply adds placeholder, markup or link syntax its source does not have (`{{user.password}}`,
 * `$t(key)`, `%n`, `<script>`, a URL), or null. Both are in protected form: a source's own syntax
 * travels as `{n}` tokens, which `checkTokens` counts; anything else of that kind in the reply was
 * invented and would reach the file as live syntax.
 */
export function inventedSyntax(source: string, reply: string): string | null {
  if (!CANDIDATE.test(reply.replace(/\{\d+\}/g, ''))) return null;
  const have = new Map<string, number>();
  for (const s of syntaxIn(source)) have.set(s, (have.get(s) ?? 0) + 1);
  const added: string[] = [];
  for (const s of syntaxIn(reply)) {
    const n = have.get(s) ?? 0;
    if (n > 0) have.set(s, n - 1);
    else added.push(s);
  }
  if (!added.length) return null;
  const shown = added.slice(0, 3).map((s) => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s));
  return `adds ${shown.join(', ')}${added.length > 3 ? ` and ${added.length - 3} more` : ''} that the source does not have`;
}
