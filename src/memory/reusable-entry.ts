import { checkSegment } from '../segments/check-segment.ts';
import type { Unit } from '../segments/segment.ts';
import type { MemoryStore } from './memory-store.ts';

/**
 * Whether the memory holds a translation of `unit` that may be reused: it must pass the checks a
 * fresh reply passes (an entry an earlier version stored from a bad reply, or one edited by hand,
 * may not). One that fails is forgotten, so the segment is translated again and the entry is
 * left out when the memory is compacted. The format's own check is left to the render: for
 * Markdown it costs two parses per segment (milliseconds), and the rendered document is verified
 * before it is written anyway.
 */
export function reusableEntry(memory: MemoryStore, locale: string, key: string, unit: Unit): boolean {
  const entry = memory.get(locale, key);
  if (!entry) return false;
  if (checkSegment(unit.protected.text, entry.target) === null) return true;
  memory.forget(locale, key);
  return false;
}
