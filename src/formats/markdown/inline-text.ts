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

/**
 * The text of a block's inline content, as sent: emphasis, link and code syntax become numbered
 * tokens, plain text keeps its source spelling (escapes included), soft line breaks become spaces.
 */
export function inlineText(source: string, children: readonly PhrasingContent[]): ProtectedText {
  const parts: Part[] = [];
  const walk = (nodes: readonly PhrasingContent[], from: number, to: number) => {
    let cursor = from;
    for (const node of nodes) {
      if (start(node) > cursor) parts.push(source.slice(cursor, start(node)).replace(SOFT_BREAK, ' '));
      if (node.type === 'text') {
        parts.push(source.slice(start(node), end(node)).replace(SOFT_BREAK, ' '));
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
          parts.push({ token: source.slice(end(kids[kids.length - 1]), end(node)) });
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
    if (to > cursor) parts.push(source.slice(cursor, to).replace(SOFT_BREAK, ' '));
  };
  if (children.length) walk(children, start(children[0]), end(children[children.length - 1]));
  return fromParts(parts);
}
