import GithubSlugger from 'github-slugger';
import type { Heading, Nodes, PhrasingContent, Root } from 'mdast';
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
import { inlineText } from './inline-text.ts';
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

// An explicit heading id at the end of a heading (`## Setup {#setup}`, `{#café}`): syntax, never text.
const HEADING_ID = /[ \t]*\{#[^\s{}]+\}[ \t]*$/;

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

/**
 * A heading's anchor: where an explicit `{#id}` starts (it stays as it is), or, when the document
 * asks for ids (`headingIds: attribute`, not MDX, where braces are code), the slug its source text
 * has on the site, to be written after the translation so links to it keep working.
 */
function headingAnchor(doc: MarkdownDocument, node: Heading, kids: readonly PhrasingContent[], end: number, slugger: Slugger): { idAt?: number; slug?: string } {
  const start = kids[0].position!.start.offset!;
  const id = HEADING_ID.exec(doc.text.slice(start, end));
  if (id) {
    slugger.slug(id[0].trim().slice(2, -1));
    return { idAt: start + id.index };
  }
  const slug = slugger.slug(headingText(node, doc.options.slugify ?? 'github'));
  return doc.options.headingIds === 'attribute' && !doc.mdx && slug ? { slug } : {};
}

interface Slugger {
  slug(text: string): string;
}

/**
 * The text a site makes a heading's slug of. Docusaurus: the heading's text without its HTML children
 * (`<Badge … />`), as mdast-util-to-string reads it (image alt included). VitePress (markdown-it-anchor):
 * only text and inline code, wherever they are nested.
 */
function headingText(node: Heading, slugify: 'github' | 'vitepress'): string {
  if (slugify === 'github') return toString(node.children.filter((c) => c.type !== 'html'));
  const parts: string[] = [];
  const walk = (nodes: readonly PhrasingContent[]) => {
    for (const n of nodes) {
      if (n.type === 'text' || n.type === 'inlineCode') parts.push(n.value);
      else if ('children' in n) walk(n.children as PhrasingContent[]);
    }
  };
  walk(node.children);
  return parts.join('');
}

/** Inline nodes up to `end`: a trailing text node is cut there (the rest is the heading's id). */
function trimmedTo(kids: readonly PhrasingContent[], end: number): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const k of kids) {
    const s = k.position!.start.offset!;
    if (s >= end) break;
    if (k.position!.end.offset! <= end) out.push(k);
    else if (k.type === 'text') {
      const value = k.value.slice(0, end - s);
      if (value.trim()) out.push({ ...k, value, position: { start: k.position!.start, end: { ...k.position!.end, offset: end } } });
    }
  }
  return out;
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
      let end = kids[kids.length - 1].position!.end.offset!;
      if (isOff(start)) return;
      const heading = node.type === 'heading' ? headingAnchor(doc, node, kids, end, slugger) : undefined;
      if (heading?.idAt !== undefined) {
        end = heading.idAt;
        kids = trimmedTo(kids, end);
      }
      if (!kids.length) return;
      const text = inlineText(doc.text, kids, options);
      if (nothingToTranslate(text)) return;
      const cell = node.type === 'tableCell';
      const slug = heading?.slug;
      out.push({
        id: stableId(`${node.type}:${contentHash(doc.text.slice(start, end)).slice(0, 8)}`),
        start, end, text, line: node.position!.start.line, column: start - doc.text.lastIndexOf('\n', start - 1), markdown: true, kind, block,
        encode: cell ? (t) => t.replace(/(?<!\\)\|/g, '\\|') : slug ? (t) => `${t} {#${slug}}` : (t) => t,
      });
      return;
    }
    if ('children' in node) for (const c of node.children) visit(c as Nodes, `${kind}/`, block, node);
  };
  doc.tree.children.forEach((node, i) => visit(node, '', i, doc.tree));
  return out;
}
