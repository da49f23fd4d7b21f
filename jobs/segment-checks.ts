import type { SegmentCheckName } from '../src/segments/segment.ts';
import { nestingDepth } from '../src/formats/markdown/nesting-depth.ts';
import { escapeAddedSyntax } from '../src/formats/markdown/escape-text.ts';
import { checkMarkdownInline } from '../src/formats/markdown/skeleton.ts';
import { MAX_NESTING } from '../src/formats/parse-budget.ts';
import { inventedSyntax } from '../src/segments/invented-syntax.ts';
import { checkTokens } from '../src/segments/placeholders.ts';
import { replyShapeProblem } from '../src/segments/reply-shape.ts';

type Check = (source: string, translation: string, tokens: readonly string[]) => string | null;

/** Format-specific checks a worker runs on each translated segment, by name (job payloads carry the name). */
const CHECKS: Record<SegmentCheckName, Check> = {
  // The nesting scan first: a reply of thousands of list markers would keep the parser busy for minutes.
  'markdown-inline': (source, translation, tokens) => {
    const { depth } = nestingDepth(translation);
    return depth > MAX_NESTING ? `the reply nests about ${depth} Markdown levels deep` : checkMarkdownInline(source, translation, tokens);
  },
};

/**
 * Why a translated segment is wrong, or null. Every reply, packed or single, and every remembered
 * translation before reuse, passes the same checks: not empty; tokens exactly once; nothing but a
 * translation (no preamble, note or extra segment; a sane length); no placeholder, markup or link
 * syntax the source lacks; and its format's own check. The cheap checks run first.
 */
export function checkSegment(source: string, translation: string, check?: SegmentCheckName, tokens: readonly string[] = []): string | null {
  if (!translation.trim() && source.trim()) return 'came back empty';
  return (
    checkTokens(source, translation) ??
    replyShapeProblem(source, translation) ??
    inventedSyntax(source, translation) ??
    (check ? CHECKS[check](source, translation, tokens) : null)
  );
}

/** Format-specific repairs of a translated segment, applied before it is checked and kept (Markdown: text that would read as syntax is escaped). */
const SETTLE: Record<SegmentCheckName, (source: string, translation: string, tokens: readonly string[]) => string> = {
  'markdown-inline': escapeAddedSyntax,
};

/** The translation as it will be kept: repaired by its format when it has a check. */
export function settleSegment(source: string, translation: string, check?: SegmentCheckName, tokens: readonly string[] = []): string {
  return check ? SETTLE[check](source, translation, tokens) : translation;
}
