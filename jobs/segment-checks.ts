import type { SegmentCheckName } from '../src/segments/segment.ts';
import { escapeAddedSyntax } from '../src/formats/markdown/escape-text.ts';
import { checkMarkdownInline } from '../src/formats/markdown/skeleton.ts';
import { checkTokens } from '../src/segments/placeholders.ts';

type Check = (source: string, translation: string, tokens: readonly string[]) => string | null;

/** Format-specific checks a worker runs on each translated segment, by name (job payloads carry the name). */
const CHECKS: Record<SegmentCheckName, Check> = {
  'markdown-inline': checkMarkdownInline,
};

/** Why a translated segment is wrong, or null: tokens exactly once, not empty, and its format's own check. */
export function checkSegment(source: string, translation: string, check?: SegmentCheckName, tokens: readonly string[] = []): string | null {
  if (!translation.trim() && source.trim()) return 'came back empty';
  const tokenProblem = checkTokens(source, translation);
  if (tokenProblem) return tokenProblem;
  return check ? CHECKS[check](source, translation, tokens) : null;
}

/** Format-specific repairs of a translated segment, applied before it is checked and kept (Markdown: text that would read as syntax is escaped). */
const SETTLE: Record<SegmentCheckName, (source: string, translation: string, tokens: readonly string[]) => string> = {
  'markdown-inline': escapeAddedSyntax,
};

/** The translation as it will be kept: repaired by its format when it has a check. */
export function settleSegment(source: string, translation: string, check?: SegmentCheckName, tokens: readonly string[] = []): string {
  return check ? SETTLE[check](source, translation, tokens) : translation;
}
