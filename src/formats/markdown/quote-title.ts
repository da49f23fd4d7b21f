import type { Nodes } from 'mdast';
import { firstLineEnd, type InlineOptions } from './inline-text.ts';

// GitHub alerts: the marker must stay alone on the quote's first line, untranslated.
const ALERT = /^\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*$/i;
// The older convention: `> **Note**` or `> ℹ️ **Note:**` alone on the first line, as a title.
const TITLE = /^(?:\p{Extended_Pictographic}\uFE0F?[ \t]*)?(?:\*\*|__)[^\n]+(?:\*\*|__)[ \t]*$/u;

/**
 * How a block quote's first paragraph is read when its first line is syntax: an alert marker
 * (`[!NOTE]`) is left out of the text; after a title line (`**Note**`) the line break is kept.
 */
export function quoteTitle(source: string, node: Nodes, parent: Nodes | undefined): InlineOptions {
  if (node.type !== 'paragraph' || parent?.type !== 'blockquote' || parent.children[0] !== node) return {};
  const from = node.position!.start.offset!;
  const end = node.position!.end.offset!;
  const head = firstLineEnd(source, from, end);
  if (!head) return ALERT.test(source.slice(from, end)) ? { from: end } : {}; // a marker alone: nothing to send
  const line = source.slice(from, head.lineEnd);
  if (ALERT.test(line)) return { from: head.next };
  return TITLE.test(line) ? { keepFirstBreak: true } : {};
}
