import GithubSlugger from 'github-slugger';
import type { Nodes, PhrasingContent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { MarkdownOptions } from './markdown-options.ts';
import { DEFAULT_FRONT_MATTER_KEYS } from './front-matter-keys.ts';
import { contentHash } from '../../segments/hash.ts';
import { hasLetters } from '../../segments/letters.ts';
import { protect } from '../../segments/placeholders.ts';
import type { ProtectedText } from '../../segments/segment.ts';
import { nothingToTranslate } from '../../segments/verbatim.ts';
import { lineAt } from '../line-counter.ts';
import { frontMatterValues, yamlScalar } from './front-matter.ts';
import { ATTRIBUTES, ITEMS } from './attribute-block.ts';
import { fencesStart, inlineText } from './inline-text.ts';
import { quoteTitle } from './quote-title.ts';
import { VitepressSlugger } from './vitepress-slugger.ts';

export interface MarkdownDocument {
  readonly text: string;
  readonly tree: Root;
  readonly mdx: boolean;
  /** Source ranges between `<!-- translate-locales: off -->` and `on`. */
  readonly off: readonly [number, number][];
  readonly options: MarkdownOptions;
}

export { DEFAULT_FRONT_MATTER_KEYS };

export const DEFAULT_MARKDOWN_OPTIONS: MarkdownOptions = { frontMatterKeys: DEFAULT_FRONT_MATTER_KEYS, headingIds: 'none' };

const BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);
const OFF = /^<!--\s*translate-locales:\s*off\s*-->$/;
const ON = /^<!--\s*translate-locales:\s*on\s*-->$/;

/** One translatable stretch of a document: a paragraph's, heading's or cell's inline content, or a front-matter value. */
export interface Piece {
  /** Stable: the block type and a hash of its source text (`paragraph:Xy12AbCd`, `~2` for a repeat), or `front-matter:title`. */
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly text: ProtectedText;
  /** How a translation must be spelled in place (escaping `|` in table cells, quoting YAML). */
  readonly encode: (translation: string) => string;
  readonly line: number;
  readonly column: number;
  readonly markdown: boolean;
  /** What kind of block it is and where: its type and its containers' (`blockquote/listItem/paragraph`, `heading2`). */
  readonly kind: string;
  /** Index of the top-level block it is in. */
  readonly block: number;
}

export function offRanges(text: string, tree: Root): [number, number][] {
  const ranges: [number, number][] = [];
  let openAt: number | undefined;
  const visit = (node: Nodes) => {
    if (node.type === 'html') {
      const v = node.value.trim();
      if (OFF.test(v) && openAt === undefined) openAt = node.position!.end.offset!;
      else if (ON.test(v) && openAt !== undefined) {
        ranges.push([openAt, node.position!.start.offset!]);
        openAt = undefined;
      }
    }
    if ('children' in node) for (const c of node.children) visit(c as Nodes);
  };
  visit(tree);
  if (openAt !== undefined) ranges.push([openAt, text.length]);
  return ranges;
}

/** Whether every node below has source offsets (some GFM literal autolinks come without). */
function positioned(node: Nodes): boolean {
  if (node.position?.start.offset === undefined || node.position.end.offset === undefined) return false;
  return !('children' in node) || node.children.every((c) => positioned(c as Nodes));
}

/** A trailing attribute block: where the text before it ends, the block, its `#id`, and the inline nodes without it. */
interface Attributes {
  readonly textEnd: number;
  readonly blockAt: number;
  readonly block: string;
  readonly id?: string;
  readonly kids: PhrasingContent[];
}

/**
 * The markdown-it-attrs block that ends a block's inline content, if any. Not in MDX, where braces
 * are JavaScript (`{.5}`); not escaped (`\{.x}`); not right after an inline node (`*x*{.c}`,
 * `` `x`{.c} `` are that node's). It may stand on a line of its own (`text\n{.note}`), and come before
 * a container's closing fence (`::: tip` … `text {.lead}` `:::`).
 */
function trailingAttributes(doc: MarkdownDocument, kids: readonly PhrasingContent[]): Attributes | undefined {
  const last = kids[kids.length - 1];
  if (doc.mdx || last.type !== 'text') return undefined;
  const from = last.position!.start.offset!;
  // Before a container's closing fence (`text {.lead}\n:::`): markdown-it-container ends the paragraph there.
  const to = fencesStart(doc.text, from, last.position!.end.offset!);
  const blockAt = doc.text.lastIndexOf('{', to - 1);
  if (blockAt < from || doc.text[blockAt - 1] === '\\') return undefined;
  const block = doc.text.slice(blockAt, to).trimEnd();
  if (!ATTRIBUTES.test(block)) return undefined;
  const items = block.slice(1, -1).match(ITEMS) ?? [];
  const id = items.find((item) => item.startsWith('#'))?.slice(1);
  // Right after an inline node only a lone `{#id}`, as before: Docusaurus reads `## **A**{#a}` as the heading's id.
  if (blockAt === from && kids.length > 1 && !(items.length === 1 && id)) return undefined;
  const textEnd = gapStart(doc.text, from, blockAt);
  // The text node cut where its text ends (its value has no container prefixes; the block is its last `{` before any fences).
  const value = last.value.slice(0, last.value.lastIndexOf('{', fencesStart(last.value, 0, last.value.length) - 1)).trimEnd();
  const cut: PhrasingContent = { ...last, value, position: { start: last.position!.start, end: { ...last.position!.end, offset: textEnd } } };
  return { textEnd, blockAt, block, ...(id ? { id } : {}), kids: [...kids.slice(0, -1), ...(value.trim() ? [cut] : [])] };
}

/** Where the white space before `at` starts: spaces and tabs, or a line break and the next line's container prefix (`> `). */
function gapStart(text: string, from: number, at: number): number {
  let i = at;
  while (i > from && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  let j = i;
  while (j > from && (text[j - 1] === ' ' || text[j - 1] === '\t' || text[j - 1] === '>')) j--;
  if (j === from || text[j - 1] !== '\n') return i;
  return text[j - 2] === '\r' && j - 2 >= from ? j - 2 : j - 1;
}

/**
 * The id to write after a translated heading so links to it keep working: only when the document asks
 * for ids (`headingIds: attribute`, not MDX, where braces are code) and the heading has none of its own
 * (`{#setup}`, `{#setup .tip}`: kept as it is, and taken, so a later `Setup` is `setup-1`). The slug is
 * the one its source text has on the site, without the attribute block.
 */
function headingSlug(doc: MarkdownDocument, kids: readonly PhrasingContent[], attributes: Attributes | undefined, slugger: Slugger): string | undefined {
  if (attributes?.id) {
    slugger.slug(attributes.id);
    return undefined;
  }
  const slug = slugger.slug(headingText(kids, doc.options.slugify ?? 'github'));
  return doc.options.headingIds === 'attribute' && !doc.mdx && slug ? slug : undefined;
}

interface Slugger {
  slug(text: string): string;
}

/**
 * The text a site makes a heading's slug of. Docusaurus: the heading's text without its HTML children
 * (`<Badge … />`), as mdast-util-to-string reads it (image alt included). VitePress (markdown-it-anchor):
 * only text and inline code, wherever they are nested.
 */
function headingText(kids: readonly PhrasingContent[], slugify: 'github' | 'vitepress'): string {
  if (slugify === 'github') return toString(kids.filter((c) => c.type !== 'html'));
  const parts: string[] = [];
  const walk = (nodes: readonly PhrasingContent[]) => {
    for (const n of nodes) {
      if (n.type === 'text' || n.type === 'inlineCode') parts.push(n.value);
      else if ('children' in n) walk(n.children as PhrasingContent[]);
    }
  };
  walk(kids);
  return parts.join('');
}

/** Every translatable piece of the document, in source order. */
export function pieces(doc: MarkdownDocument): Piece[] {
  const out: Piece[] = [];
  const seen = new Map<string, number>();
  const stableId = (base: string) => {
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n > 1 ? `${base}~${n}` : base;
  };
  const isOff = (at: number) => doc.off.some(([a, b]) => at >= a && at < b);
  // One slugger per document, in source order, as sites number repeated headings (`setup`, `setup-1`).
  const slugger: Slugger = doc.options.slugify === 'vitepress' ? new VitepressSlugger() : new GithubSlugger();
  const visit = (node: Nodes, path: string, block: number, parent?: Nodes) => {
    if (node.type === 'yaml') {
      const at = doc.text.indexOf(node.value, node.position!.start.offset!);
      for (const v of frontMatterValues(node.value, doc.options.frontMatterKeys)) {
        if (!hasLetters(v.value)) continue;
        out.push({
          id: `front-matter:${v.key}`, start: at + v.start, end: at + v.end, text: protect(v.value),
          encode: (t) => yamlScalar(t, v.plain), line: lineAt(doc.text, at + v.start), column: at + v.start - doc.text.lastIndexOf('\n', at + v.start - 1), markdown: false, kind: `yaml:${v.key}`, block,
        });
      }
      return;
    }
    const kind = path + (node.type === 'heading' ? `heading${node.depth}` : node.type);
    if (BLOCKS.has(node.type) && 'children' in node && node.children.length && positioned(node)) {
      let kids = node.children as PhrasingContent[];
      const options = quoteTitle(doc.text, node, parent);
      const start = options.from ?? kids[0].position!.start.offset!;
      const end = kids[kids.length - 1].position!.end.offset!;
      if (isOff(start)) return;
      const attributes = trailingAttributes(doc, kids);
      if (attributes) kids = attributes.kids;
      const slug = node.type === 'heading' ? headingSlug(doc, kids, attributes, slugger) : undefined;
      const textEnd = attributes?.textEnd ?? end;
      if (!kids.length) return;
      const text = inlineText(doc.text, kids, options);
      if (nothingToTranslate(text)) return;
      let encode = (t: string) => t;
      if (node.type === 'tableCell') encode = (t) => t.replace(/(?<!\\)\|/g, '\\|');
      else if (slug && attributes) {
        // One block, as markdown-it-attrs reads only the last: `{#slug .tip}`, the rest of it as it was.
        const gap = doc.text.slice(textEnd, attributes.blockAt);
        const block = attributes.block.replace(/^\{[ \t]*/, (open) => `${open}#${slug} `);
        encode = (t) => `${t}${gap}${block}`;
      } else if (slug) encode = (t) => `${t} {#${slug}}`;
      // The block stays as it is, out of the range replaced, unless an id is written into it.
      const to = slug && attributes ? attributes.blockAt + attributes.block.length : textEnd;
      out.push({
        id: stableId(`${node.type}:${contentHash(doc.text.slice(start, textEnd)).slice(0, 8)}`),
        start, end: to, text, line: node.position!.start.line, column: start - doc.text.lastIndexOf('\n', start - 1), markdown: true, kind, block, encode,
      });
      return;
    }
    if ('children' in node) for (const c of node.children) visit(c as Nodes, `${kind}/`, block, node);
  };
  doc.tree.children.forEach((node, i) => visit(node, '', i, doc.tree));
  return out;
}
