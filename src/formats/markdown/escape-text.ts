import { toMarkdown, type Unsafe } from 'mdast-util-to-markdown';
import { decodeString } from 'micromark-util-decode-string';
import { checkMarkdownInline } from './skeleton.ts';

// Besides what mdast-util-to-markdown escapes in text: brackets (the text may sit in a link's label) and `|` (a table cell).
const UNSAFE: Unsafe[] = [
  { character: '[', inConstruct: 'phrasing' },
  { character: ']', inConstruct: 'phrasing' },
  { character: '|', inConstruct: 'phrasing' },
];

/** Plain text spelled so Markdown reads it back as the same characters (escapes and references in it decoded first). */
function escapeRun(run: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(run)!;
  if (!m[2]) return run;
  const spelled = toMarkdown({ type: 'paragraph', children: [{ type: 'text', value: decodeString(m[2]) }] }, { unsafe: UNSAFE });
  return m[1] + spelled.replace(/\n$/, '') + m[3];
}

/**
 * A translated Markdown segment whose own characters would become syntax (`2*3*4`, `<Konfig>`, a
 * leading `1.` or `#`): its text between the `{n}` tokens escaped as remark-stringify escapes
 * text, so only the source's tokens are syntax. A translation that reads right is kept as it came.
 */
export function escapeAddedSyntax(source: string, translation: string, tokens: readonly string[]): string {
  if (checkMarkdownInline(source, translation, tokens) === null) return translation;
  return translation.split(/(\{\d+\})/).map((part, i) => (i % 2 ? part : escapeRun(part))).join('');
}
