import { segmentCheckOf } from '../formats/index.ts';
import { inventedSyntax } from './invented-syntax.ts';
import { checkTokens } from './placeholders.ts';
import { replyShapeProblem } from './reply-shape.ts';

export { loadSegmentChecks } from '../formats/index.ts';

/**
 * Why a translated segment is wrong, or null. Every reply, packed or single, and every remembered
 * translation before reuse, passes the same checks: not empty; tokens exactly once; nothing but a
 * translation (no preamble, note or extra segment; a sane length); no placeholder, markup or link
 * syntax the source lacks; and, when `check` names a format, that format's own check (loaded
 * beforehand with `loadSegmentChecks`). The cheap checks run first.
 */
export function checkSegment(source: string, translation: string, check?: string, tokens: readonly string[] = []): string | null {
  if (!translation.trim() && source.trim()) return 'came back empty';
  return checkTokens(source, translation) ?? replyShapeProblem(source, translation) ?? inventedSyntax(source, translation) ?? (check ? formatProblem(check, source, translation, tokens) : null);
}

function formatProblem(check: string, source: string, translation: string, tokens: readonly string[]): string | null {
  const format = segmentCheckOf(check);
  // Refused rather than kept unchecked: a newer version's format, or a queued segment of a format this run did not plan.
  return format ? format.check(source, translation, tokens) : `no "${check}" segment check loaded in this process`;
}

/** The translation as it will be kept: repaired by its format when it has a check. */
export function settleSegment(source: string, translation: string, check?: string, tokens: readonly string[] = []): string {
  const settle = check ? segmentCheckOf(check)?.settle : undefined;
  return settle ? settle(source, translation, tokens) : translation;
}
