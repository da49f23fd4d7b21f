import type { SegmentCheckName } from '../src/segments/segment.ts';
import { checkTokens } from '../src/segments/placeholders.ts';

type Check = (source: string, translation: string) => string | null;

/** Format-specific checks a worker runs on each translated segment, by name (job payloads carry the name). */
const CHECKS: Partial<Record<SegmentCheckName, Check>> = {};

export function registerSegmentCheck(name: SegmentCheckName, check: Check): void {
  CHECKS[name] = check;
}

/** Why a translated segment is wrong, or null: tokens exactly once, not empty, and its format's own check. */
export function checkSegment(source: string, translation: string, check?: SegmentCheckName): string | null {
  if (!translation.trim() && source.trim()) return 'came back empty';
  const tokens = checkTokens(source, translation);
  if (tokens) return tokens;
  const own = check ? CHECKS[check] : undefined;
  return own ? own(source, translation) : null;
}
