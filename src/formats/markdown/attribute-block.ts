// markdown-it-attrs' block (VitePress ships it; Docusaurus reads its `{#id}`):
// `{#id .class ..module key=value key="spaced value"}`, attributes of the node or block it ends, so
// syntax, never text. A block of bare words only (`{name}`, `{0}`) reads as a placeholder in prose and
// stays one. The one rule for a block ending a heading, paragraph or cell and for one glued to an inline node.
const KEY = String.raw`[^\s{}"'=#.][^\s{}"'=]*`;
const MARKED = String.raw`\.{1,2}[^\s{}"]+|#[^\s{}"]+|${KEY}=(?:"[^"\n{}]*"|[^\s{}"]*)`;
const BLOCK = String.raw`\{[ \t]*(?:${KEY}[ \t]+)*(?:${MARKED})(?:[ \t]+(?:${MARKED}|${KEY}))*[ \t]*\}`;

/** A whole string that is one block, with white space after it (a block holds no `{`: found from the last one). */
export const ATTRIBUTES = new RegExp(String.raw`^${BLOCK}[ \t]*$`);

/** A block's items (`#id`, `.class`, `key=value`, `key`). */
export const ITEMS = new RegExp(String.raw`${MARKED}|${KEY}`, 'g');

// Sticky: tried only where an inline node ends, and it stops at the first character a block cannot hold.
const GLUED = new RegExp(String.raw`${BLOCK}(?!\})`, 'y');

/**
 * Where a block glued at `at` (right after an inline node: `*x*{.c}`) ends, if one is there and ends by
 * `to`. markdown-it-attrs reads such a block up to its first `}`, and not when a second one follows.
 */
export function attributeBlockEnd(source: string, at: number, to: number): number | undefined {
  if (source[at] !== '{') return undefined;
  GLUED.lastIndex = at;
  return GLUED.test(source) && GLUED.lastIndex <= to ? GLUED.lastIndex : undefined;
}
