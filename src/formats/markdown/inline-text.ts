import type { Nodes, PhrasingContent } from 'mdast';
import { fromParts } from '../../segments/placeholders.ts';
import type { ProtectedText } from '../../segments/segment.ts';

type Part = string | { token: string };

// Inline nodes whose markers are tokens and whose children are text to translate.
const WRAPPERS = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference']);

const start = (n: Nodes) => n.position!.start.offset!;
const end = (n: Nodes) => n.position!.end.offset!;

/** A soft line break and the container prefix after it (`> `, list indentation): sent as a space. */
const SOFT_BREAK = /\r?\n[ \t]*(?:>[ \t]?)*[ \t]*/g;

// Syntax that plain CommonMark reads as text but sites do not: directive and admonition fences
// (`:::tip`, with their line breaks) and TeX math (`$…$`, `$$`). Kept as tokens, never translated.
const EXTENSIONS = /((?:^|\r?\n)[ \t]*(?:>[ \t]?)*(?::::|\$\$)[^\n]*(?:\r?\n[ \t]*(?:>[ \t]?)*|$)|\$\$[^$]+\$\$|(?<![\\$\w])\$[^\s$](?:[^$\n]*[^\s$])?\$(?![\w$]))/;

/** Plain text as sent: extension syntax as tokens, soft breaks as spaces. */
function textParts(raw: string): Part[] {
  return raw.split(EXTENSIONS).map((piece, i) => (i % 2 === 1 ? { token: piece } : piece.replace(SOFT_BREAK, ' ')));
}

/** A link's closing syntax, `](url "title")`: the title is text to translate, the rest a token. */
function closing(raw: string, title: string | null | undefined): Part[] {
  const m = /^(\][\s\S]*?\s["'(])([^"'()\n]*)(["')]\s*\))$/.exec(raw);
  if (!title || !m || m[2] !== title || !/\p{L}/u.test(title)) return [{ token: raw }];
  return [{ token: m[1] }, m[2], { token: m[3] }];
}

/**
 * The text of a block's inline content, as sent: emphasis, link and code syntax become numbered
 * tokens, plain text keeps its source spelling (escapes included), soft line breaks become spaces.
 */
export function inlineText(source: string, children: readonly PhrasingContent[]): ProtectedText {
  const parts: Part[] = [];
  const walk = (nodes: readonly PhrasingContent[], from: number, to: number) => {
    let cursor = from;
    for (const node of nodes) {
      if (start(node) > cursor) parts.push(...textParts(source.slice(cursor, start(node))));
      if (node.type === 'text') {
        parts.push(...textParts(source.slice(start(node), end(node))));
      } else if (WRAPPERS.has(node.type) && 'children' in node && node.children.length) {
        const kids = node.children as PhrasingContent[];
        // `<https://…>` and bare `www.…` links: the text is the address.
        const isAutolink = node.type === 'link' && !source.startsWith('[', start(node));
        // In `[label]` and `[label][]` the text is the reference label: translating it would unlink it.
        const isLabel = node.type === 'linkReference' && node.referenceType !== 'full';
        if (isAutolink || isLabel) {
          parts.push({ token: source.slice(start(node), end(node)) });
        } else {
          parts.push({ token: source.slice(start(node), start(kids[0])) });
          walk(kids, start(kids[0]), end(kids[kids.length - 1]));
          parts.push(...closing(source.slice(end(kids[kids.length - 1]), end(node)), node.type === 'link' ? node.title : undefined));
        }
      } else if (node.type === 'image' || node.type === 'imageReference') {
        const raw = source.slice(start(node), end(node));
        const m = /^(!\[)([^\]\n]*)(\][\s\S]*)$/.exec(raw);
        const labelled = node.type === 'imageReference' && node.referenceType !== 'full';
        if (m && !labelled && /\p{L}/u.test(m[2])) parts.push({ token: m[1] }, m[2], { token: m[3] });
        else parts.push({ token: raw });
      } else {
        // Inline code, HTML, breaks, footnote references, MDX: one token each, never translated.
        parts.push({ token: source.slice(start(node), end(node)) });
      }
      cursor = end(node);
    }
    if (to > cursor) parts.push(...textParts(source.slice(cursor, to)));
  };
  if (children.length) walk(children, start(children[0]), end(children[children.length - 1]));
  return fromParts(parts);
}
