import type { ProtectedText } from './segment.ts';

/**
 * Placeholder syntaxes of UI strings, protected before sending and checked after.
 * Order matters: longer forms first, so `{{name}}` is one token and not `{` + `{name}` + `}`.
 */
export const PLACEHOLDER_PATTERNS: readonly RegExp[] = [
  /\{\{-?\s*[^{}]+?\s*\}\}/, // i18next {{name}}, {{- name}}
  /\$t\([^()]*\)/, // i18next nesting $t(key)
  /%\([A-Za-z_][\w.]*\)[#0+-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]/, // Python %(name)s
  /%(?:\d+\$)?[#0+'-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t|I64)?[diouxXeEfFgGaAcspn@%]/, // printf
  /\{[A-Za-z0-9_$][\w$.:-]*(?:,[^{}]*)?\}/, // {name}, {0}, {count, number}
  /<\/?[A-Za-z][\w:-]*(?:\s[^<>]*?)?\/?>/, // HTML/XML tags
  /&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#x[0-9A-Fa-f]{1,6});/, // entities
  /(?<![\w:]):[A-Za-z_]\w*/, // :name (Laravel, Rails symbols)
  /\b(?:(?:https?|ftp|mailto):|[A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s<>()"']+[^\s<>()"'.,;:!?]/, // URLs, any scheme:// (smb, ipp, trash)
];

const COMBINED = new RegExp(PLACEHOLDER_PATTERNS.map((p) => `(?:${p.source})`).join('|'), 'g');
const TOKEN = /\{(\d+)\}/g;

/** Splits off leading and trailing white space, which translation would lose. */
export function splitSpace(text: string): { lead: string; core: string; trail: string } {
  // trim*, not /\s*$/: that tries every run of white space inside the text to its end (quadratic on a long one).
  const rest = text.trimStart();
  const core = rest.trimEnd();
  return { lead: text.slice(0, text.length - rest.length), core, trail: rest.slice(core.length) };
}

/** Replaces every placeholder in `text` with a numbered token. */
export function protect(text: string, extra: readonly string[] = []): ProtectedText {
  const { lead, core, trail } = splitSpace(text);
  const tokens: string[] = [...extra];
  const out = core.replace(COMBINED, (match) => {
    tokens.push(match);
    return `{${tokens.length - 1}}`;
  });
  return { text: out, tokens, lead, trail };
}

/** Builds a ProtectedText from parts a format has tokenised itself (Markdown inline syntax, ICU). */
export function fromParts(parts: readonly (string | { token: string })[]): ProtectedText {
  const tokens: string[] = [];
  let text = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      const inner = protect(part);
      text += inner.lead + inner.text.replace(TOKEN, (_, n: string) => `{${Number(n) + tokens.length}}`) + inner.trail;
      tokens.push(...inner.tokens);
    } else {
      text += `{${tokens.length}}`;
      tokens.push(part.token);
    }
  }
  const { lead, core, trail } = splitSpace(text);
  return { text: core, tokens, lead, trail };
}

/** Why `translation` does not carry every token of `source` exactly once, or null if it does. */
export function checkTokens(source: ProtectedText | string, translation: string): string | null {
  const expected = typeof source === 'string' ? countTokens(source) : new Map(source.tokens.map((_, i) => [String(i), 1]));
  const got = countTokens(translation);
  const problems: string[] = [];
  for (const [n, count] of expected) {
    const c = got.get(n) ?? 0;
    if (c < count) problems.push(`placeholder {${n}} lost`);
    else if (c > count) problems.push(`placeholder {${n}} repeated`);
  }
  for (const n of got.keys()) if (!expected.has(n)) problems.push(`unknown placeholder {${n}} added`);
  return problems.length ? problems.join(', ') : null;
}

function countTokens(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(TOKEN)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  return counts;
}

/** Puts the placeholders and white space back. */
export function restore(source: ProtectedText, translation: string): string {
  return source.lead + translation.replace(TOKEN, (whole, n: string) => source.tokens[Number(n)] ?? whole) + source.trail;
}
