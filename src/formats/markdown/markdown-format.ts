import type { Root } from 'mdast';
import { restore } from '../../segments/placeholders.ts';
import type { Unit } from '../../segments/segment.ts';
import { splitLong } from '../../segments/split-long.ts';
import { translationsOf, type Format, type SourceFile, type TargetContext } from '../format.ts';
import { replaceRanges, type Edit } from '../replace-ranges.ts';
import { frontMatterKeys } from './front-matter.ts';
import { nestingDepth } from './nesting-depth.ts';
import { parseMarkdown } from './parse-markdown.ts';
import { DEFAULT_MARKDOWN_OPTIONS, offRanges, pieces, type MarkdownDocument } from './pieces.ts';
import { blockSkeleton } from './skeleton.ts';
import type { MarkdownOptions } from './markdown-options.ts';
import { matchTarget, parseTarget, type KeptBlock, type MarkdownMatch } from './target-match.ts';

export { DEFAULT_FRONT_MATTER_KEYS, type MarkdownDocument } from './pieces.ts';

/** Paragraphs longer than this (estimated tokens) are sent in sentence-aligned pieces. */
export const MAX_SEGMENT_TOKENS = 2000;

// The match of the last target asked about per document: a run asks for it when planning, rendering and checking.
const lastMatch = new WeakMap<MarkdownDocument, { target: TargetContext; match: MarkdownMatch | undefined }>();

function matched(doc: MarkdownDocument, target: TargetContext): MarkdownMatch | undefined {
  const last = lastMatch.get(doc);
  if (last && last.target.existing === target.existing && last.target.records === target.records) return last.match;
  const match = matchTarget(doc, target);
  lastMatch.set(doc, { target, match });
  return match;
}

/** A rendered document without the target's own blocks that the render kept in place. */
function withoutKept(rendered: MarkdownDocument, kept: readonly KeptBlock[]): Root {
  const raws = kept.map((k) => k.raw);
  const children = rendered.tree.children.filter((node) => {
    const i = raws.indexOf(rendered.text.slice(node.position!.start.offset!, node.position!.end.offset!));
    if (i < 0) return true;
    raws.splice(i, 1);
    return false;
  });
  return { ...rendered.tree, children };
}

export const markdownFormat: Format<MarkdownDocument, MarkdownOptions> = {
  name: 'markdown',
  nesting: nestingDepth,

  parse(file: SourceFile<MarkdownOptions>): MarkdownDocument {
    const mdx = file.path.toLowerCase().endsWith('.mdx');
    const tree = parseMarkdown(file.text, mdx);
    return { text: file.text, tree, mdx, off: offRanges(file.text, tree), options: file.options ?? DEFAULT_MARKDOWN_OPTIONS };
  },

  units(doc): Unit[] {
    const units: Unit[] = [];
    for (const p of pieces(doc)) {
      const split = splitLong(p.text, MAX_SEGMENT_TOKENS);
      split.pieces.forEach((text, i) => {
        units.push({
          id: split.pieces.length > 1 ? `${p.id}#${i}` : p.id,
          source: restore(text, text.text), protected: text, line: p.line, column: p.column,
          ...(p.markdown ? { check: 'markdown' } : {}),
        });
      });
    }
    return units;
  },

  match: matched,

  current(doc, target) {
    const match = matched(doc, target);
    return match && new Map([...match.units].map(([id, u]) => [id, u.text]));
  },

  written(doc, target, rendered) {
    const kept = matched(doc, target)?.kept ?? [];
    const out = parseTarget(doc, rendered);
    const tree = withoutKept(out, kept);
    const mine = pieces(doc);
    const theirs = pieces({ ...out, tree });
    if (mine.length !== theirs.length) return undefined;
    return new Map(mine.map((p, i) => [p.id, restore(theirs[i].text, theirs[i].text.text)]));
  },

  render(doc, target, translate) {
    const translations = translationsOf(markdownFormat.units(doc, target), translate);
    // The target's own blocks first: an insertion before a block sorts ahead of that block's edit.
    const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
    const edits: Edit[] = (matched(doc, target)?.kept ?? []).map((k) => ({ start: k.at, end: k.at, text: k.before ? `${k.raw}${eol}${eol}` : `${eol}${eol}${k.raw}` }));
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

  verify(doc, rendered, target) {
    const unplaced = matched(doc, target)?.unplaced[0];
    if (unplaced) return unplaced;
    const want = blockSkeleton(doc.tree, frontMatterKeys);
    const got = blockSkeleton(withoutKept(parseTarget(doc, rendered), matched(doc, target)?.kept ?? []), frontMatterKeys);
    for (let i = 0; i < Math.max(want.length, got.length); i++) {
      if (want[i] !== got[i]) return `document structure changed: expected "${(want[i] ?? 'end').trim()}", found "${(got[i] ?? 'end').trim()}"`;
    }
    return null;
  },
};
