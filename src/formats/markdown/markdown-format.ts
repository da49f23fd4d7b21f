import type { Nodes, PhrasingContent, Root } from 'mdast';
import { restore } from '../../segments/placeholders.ts';
import type { ProtectedText, Unit } from '../../segments/segment.ts';
import { splitLong } from '../../segments/split-long.ts';
import { protect } from '../../segments/placeholders.ts';
import { translationsOf, type Format, type SourceFile, type TargetContext } from '../format.ts';
import { lineAt } from '../format-error.ts';
import { replaceRanges, type Edit } from '../replace-ranges.ts';
import { frontMatterKeys, frontMatterValues, yamlScalar } from './front-matter.ts';
import { inlineText } from './inline-text.ts';
import { nestingDepth } from './nesting-depth.ts';
import { parseMarkdown } from './parse-markdown.ts';
import { blockSkeleton } from './skeleton.ts';

export interface MarkdownDocument {
  readonly text: string;
  readonly tree: Root;
  readonly mdx: boolean;
  /** Source ranges between `<!-- translate-locales: off -->` and `on`. */
  readonly off: readonly [number, number][];
}

/** Front-matter keys whose values are translated. */
export const DEFAULT_FRONT_MATTER_KEYS = ['title', 'description', 'sidebar_label'];

/** Paragraphs longer than this (estimated tokens) are sent in sentence-aligned pieces. */
export const MAX_SEGMENT_TOKENS = 2000;

const BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);
const OFF = /^<!--\s*translate-locales:\s*off\s*-->$/;
const ON = /^<!--\s*translate-locales:\s*on\s*-->$/;

interface Piece {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly text: ProtectedText;
  /** How a translation must be spelled in place (escaping `|` in table cells, quoting YAML). */
  readonly encode: (translation: string) => string;
  readonly line: number;
  readonly markdown: boolean;
}

function offRanges(text: string, tree: Root): [number, number][] {
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

/** Every translatable piece of the document, in source order. */
function pieces(doc: MarkdownDocument): Piece[] {
  const out: Piece[] = [];
  const isOff = (at: number) => doc.off.some(([a, b]) => at >= a && at < b);
  const visit = (node: Nodes) => {
    if (node.type === 'yaml') {
      const at = doc.text.indexOf(node.value, node.position!.start.offset!);
      for (const v of frontMatterValues(node.value, DEFAULT_FRONT_MATTER_KEYS)) {
        if (!/\p{L}/u.test(v.value)) continue;
        out.push({
          id: `front-matter:${v.key}`, start: at + v.start, end: at + v.end, text: protect(v.value),
          encode: (t) => yamlScalar(t, v.plain), line: lineAt(doc.text, at + v.start), markdown: false,
        });
      }
      return;
    }
    if (BLOCKS.has(node.type) && 'children' in node && node.children.length && positioned(node)) {
      const kids = node.children as PhrasingContent[];
      const start = kids[0].position!.start.offset!;
      const end = kids[kids.length - 1].position!.end.offset!;
      if (isOff(start)) return;
      const text = inlineText(doc.text, kids);
      if (!/\p{L}/u.test(text.text.replace(/\{\d+\}/g, ''))) return;
      const cell = node.type === 'tableCell';
      out.push({
        id: `${node.type}@${start}`, start, end, text, line: node.position!.start.line, markdown: true,
        encode: cell ? (t) => t.replace(/(?<!\\)\|/g, '\\|') : (t) => t,
      });
      return;
    }
    if ('children' in node) for (const c of node.children) visit(c as Nodes);
  };
  visit(doc.tree);
  return out;
}

export const markdownFormat: Format<MarkdownDocument> = {
  name: 'markdown',
  nesting: nestingDepth,

  parse(file: SourceFile): MarkdownDocument {
    const mdx = file.path.toLowerCase().endsWith('.mdx');
    const tree = parseMarkdown(file.text, mdx);
    return { text: file.text, tree, mdx, off: offRanges(file.text, tree) };
  },

  units(doc): Unit[] {
    const units: Unit[] = [];
    for (const p of pieces(doc)) {
      const split = splitLong(p.text, MAX_SEGMENT_TOKENS);
      split.pieces.forEach((text, i) => {
        units.push({
          id: split.pieces.length > 1 ? `${p.id}#${i}` : p.id,
          source: restore(text, text.text), protected: text, line: p.line,
          ...(p.markdown ? { check: 'markdown-inline' as const } : {}),
        });
      });
    }
    return units;
  },

  current(doc, target) {
    if (target.existing === undefined) return undefined;
    const mine = pieces(doc);
    const theirs = pieces(markdownFormat.parse({ path: doc.mdx ? 'x.mdx' : 'x.md', text: target.existing }));
    // Paragraph i of the target is paragraph i of the source only while the structure is the same.
    if (mine.length !== theirs.length) return undefined;
    return new Map(mine.map((p, i) => [p.id, restore(theirs[i].text, theirs[i].text.text)]));
  },

  render(doc, target: TargetContext, translate) {
    const translations = translationsOf(markdownFormat.units(doc, target), translate);
    const edits: Edit[] = [];
    for (const p of pieces(doc)) {
      const split = splitLong(p.text, MAX_SEGMENT_TOKENS);
      const ids = split.pieces.length > 1 ? split.pieces.map((_, i) => `${p.id}#${i}`) : [p.id];
      if (!ids.some((id) => translations.has(id))) continue;
      const joined = split.pieces
        .map((piece, i) => (translations.get(ids[i]) ?? restore(piece, piece.text)) + (split.joins[i] ?? ''))
        .join('');
      if (joined === restore(p.text, p.text.text)) continue; // unchanged: keep the source bytes
      edits.push({ start: p.start, end: p.end, text: p.encode(joined) });
    }
    return replaceRanges(doc.text, edits);
  },

  verify(doc, rendered) {
    const want = blockSkeleton(doc.tree, frontMatterKeys);
    const got = blockSkeleton(parseMarkdown(rendered, doc.mdx), frontMatterKeys);
    for (let i = 0; i < Math.max(want.length, got.length); i++) {
      if (want[i] !== got[i]) return `document structure changed: expected "${(want[i] ?? 'end').trim()}", found "${(got[i] ?? 'end').trim()}"`;
    }
    return null;
  },
};
