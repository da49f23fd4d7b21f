import type { Nodes, PhrasingContent } from 'mdast';
import { hasLetters } from '../../segments/letters.ts';
import { fromParts } from '../../segments/placeholders.ts';
import type { ProtectedText } from '../../segments/segment.ts';

type Part = string | { token: string };

// Inline nodes whose markers are tokens and whose children are text to translate.
const WRAPPERS = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference']);

const start = (n: Nodes) => n.position!.start.offset!;
const end = (n: Nodes) => n.position!.end.offset!;

/** The container prefix (`> `, indentation) that opens a continuation line. */
const LINE_PREFIX = /^[ \t]*(?:>[ \t]?)*[ \t]*/;

/** A soft line break and the container prefix after it (`> `, list indentation): sent as a space. */
const SOFT_BREAK = /\r?\n[ \t]*(?:>[ \t]?)*[ \t]*/g;

/** Syntax that spans lines, as it reads outside its containers: line breaks without their prefixes. */
export function withoutPrefixes(raw: string): string {
  return raw.replace(SOFT_BREAK, (m) => (m.startsWith('\r') ? '\r\n' : '\n'));
}

// Syntax that plain CommonMark reads as text but sites do not: directive and admonition fences
// (`:::tip`, with their line breaks), VitePress's code snippet imports (`<<< @/snippets/a.js{2}`: a
// path) and table of contents (`[[toc]]`), and TeX math (`$…$`, `$$`). Kept as tokens, never translated.
// Consecutive such lines (a container opened inside another, closings one after another) are one match.
const EXTENSIONS = /((?:^|\r?\n)[ \t]*(?:>[ \t]?)*(?:(?:(?::::|\$\$|<<<)[^\n]*|\[\[[tT][oO][cC]\]\][ \t]*)(?:\r?\n[ \t]*(?:>[ \t]?)*|$))+|\$\$[^$]+\$\$|(?<![\\$\w])\$[^\s$](?:[^$\n]*[^\s$])?\$(?![\w$]))/;

// A container fence with a title (`::: info Title`, `:::tip Title`, `:::tip[Title]`): the title is text.
const TITLED_FENCE = /^((?:\r?\n)?[ \t]*(?:>[ \t]?)*:::+[ \t]*[\w-]+(?:[ \t]+|\[))([^\n\]]*\p{L}[^\n\]]*?)(\]?[ \t]*(?:\r?\n[\s\S]*)?)$/u;

/** Extension lines as tokens, line by line: each container title is text; syntax next to syntax is one token. */
function extensionParts(token: string): Part[] {
  const parts: Part[] = [];
  for (const line of token.split(/(?<=\n)/)) {
    const m = TITLED_FENCE.exec(line);
    for (const part of m ? [{ token: m[1] }, m[2], ...(m[3] ? [{ token: m[3] }] : [])] : [{ token: line }]) {
      const last = parts[parts.length - 1];
      if (typeof part === 'object' && typeof last === 'object') parts[parts.length - 1] = { token: last.token + part.token };
      else parts.push(part);
    }
  }
  return parts;
}

/** Plain text as sent: extension syntax as tokens (a container's title as text), soft breaks as spaces. */
function textParts(raw: string): Part[] {
  return raw.split(EXTENSIONS).flatMap((piece, i) => (i % 2 === 1 ? extensionParts(piece) : [piece.replace(SOFT_BREAK, ' ')]));
}

/** A link's closing syntax, `](url "title")`: the title is text to translate, the rest a token. */
function closing(raw: string, title: string | null | undefined): Part[] {
  const m = /^(\][\s\S]*?\s["'(])([^"'()\n]*)(["')]\s*\))$/.exec(raw);
  if (!title || !m || m[2] !== title || !hasLetters(title)) return [{ token: raw }];
  return [{ token: m[1] }, m[2], { token: m[3] }];
}

export interface InlineOptions {
  /** Where the text starts, when the block opens with syntax that is not sent (a GitHub alert's `[!NOTE]` line). */
  readonly from?: number;
  /** The first line break is syntax (a `> **Note**` title line): kept as a token with the next line's prefix. */
  readonly keepFirstBreak?: boolean;
}

/** Where the first line of a block's text ends, and where the next line's text starts. */
export function firstLineEnd(source: string, from: number, to: number): { lineEnd: number; next: number } | undefined {
  const nl = source.indexOf('\n', from);
  if (nl < 0 || nl >= to) return undefined;
  const lineEnd = source[nl - 1] === '\r' ? nl - 1 : nl;
  return { lineEnd, next: nl + 1 + LINE_PREFIX.exec(source.slice(nl + 1, to))![0].length };
}


/**
 * The text of a block's inline content, as sent: emphasis, link and code syntax become numbered
 * tokens, plain text keeps its source spelling (escapes included), soft line breaks become spaces.
 * Text nodes and the gaps between nodes (container prefixes of continuation lines) are taken as one
 * run of source, so a prefix is never text; after a token that ends a line (a hard break) the
 * next line's prefix joins that token.
 */
export function inlineText(source: string, children: readonly PhrasingContent[], options: InlineOptions = {}): ProtectedText {
  const parts: Part[] = [];
  const token = (raw: string) => parts.push({ token: raw });
  const head = options.keepFirstBreak && children.length ? firstLineEnd(source, start(children[0]), end(children[children.length - 1])) : undefined;
  const text = (from: number, to: number) => {
    if (head && from <= head.lineEnd && head.lineEnd < to) {
      text(from, head.lineEnd);
      token(source.slice(head.lineEnd, head.next));
      if (head.next < to) text(head.next, to);
      return;
    }
    let raw = source.slice(from, to);
    const last = parts[parts.length - 1];
    if (typeof last === 'object' && /\n$/.test(last.token)) {
      const prefix = LINE_PREFIX.exec(raw)![0];
      parts[parts.length - 1] = { token: last.token + prefix };
      raw = raw.slice(prefix.length);
    }
    if (raw) parts.push(...textParts(raw));
  };
  const walk = (nodes: readonly PhrasingContent[], from: number, to: number) => {
    let cursor = from;
    for (const node of nodes) {
      if (node.type === 'text') continue; // taken with the gaps around it, up to the next other node
      if (start(node) > cursor) text(cursor, start(node));
      if (WRAPPERS.has(node.type) && 'children' in node && node.children.length) {
        const kids = node.children as PhrasingContent[];
        // `<https://…>` and bare `www.…` links: the text is the address.
        const isAutolink = node.type === 'link' && !source.startsWith('[', start(node));
        // In `[label]` and `[label][]` the text is the reference label: translating it would unlink it.
        const isLabel = node.type === 'linkReference' && node.referenceType !== 'full';
        if (isAutolink || isLabel) {
          token(source.slice(start(node), end(node)));
        } else {
          token(source.slice(start(node), start(kids[0])));
          walk(kids, start(kids[0]), end(kids[kids.length - 1]));
          parts.push(...closing(source.slice(end(kids[kids.length - 1]), end(node)), node.type === 'link' ? node.title : undefined));
        }
      } else if (node.type === 'image' || node.type === 'imageReference') {
        const raw = source.slice(start(node), end(node));
        const m = /^(!\[)([^\]\n]*)(\][\s\S]*)$/.exec(raw);
        const labelled = node.type === 'imageReference' && node.referenceType !== 'full';
        if (m && !labelled && hasLetters(m[2])) parts.push({ token: m[1] }, m[2], { token: m[3] });
        else token(raw);
      } else {
        // Inline code, HTML, breaks, footnote references, MDX: one token each, never translated.
        token(source.slice(start(node), end(node)));
      }
      cursor = end(node);
    }
    if (to > cursor) text(cursor, to);
  };
  if (children.length) walk(children, options.from ?? start(children[0]), end(children[children.length - 1]));
  return fromParts(parts);
}
