import type { Format, TargetContext, UnitRecords } from '../formats/format.ts';
import { withinParseBudget, type ParseBudget } from '../formats/parse-budget.ts';
import type { UnitRecord } from '../memory/target-state.ts';
import { contentHash } from '../segments/hash.ts';
import type { Unit } from '../segments/segment.ts';
import { plural } from '../util/plural.ts';

// What of an existing target is a person's: kept, never translated over, and said when it is dropped.

/** Whether a text under the machine's record is a person's: accepted, or changed since the machine wrote it. */
export function editedSince(record: UnitRecord, text: string): boolean {
  return record.reviewed === true || contentHash(text) !== record.output;
}

/**
 * What `current` gives the planning below, without every unit's text at once: the existing target's
 * text only of units with a record that a person changed or accepted, and (where the format says
 * unrecorded text is a person's) of units without a record whose text is not empty (the only ones it reads).
 */
export function edited(format: Format<unknown>, doc: unknown, target: TargetContext, records: UnitRecords, budget: ParseBudget, unrecorded: (id: string, text: string) => void): ReadonlyMap<string, string> | undefined {
  const texts = new Map<string, string>();
  const read = withinParseBudget(format, target.existing ?? '', () => format.eachCurrent!(doc, target, (id, text) => {
    const record = records.get(id);
    if (!record) unrecorded(id, text);
    // The last text of an id decides, as in a map of them all.
    if (record ? editedSince(record, text) : format.unrecordedIsHuman && text !== '') texts.set(id, text);
    else texts.delete(id);
  }), budget);
  return read ? texts : undefined;
}

/** Names at most this many dropped keys in a warning. */
const DROPPED_NAMED = 20;

export function droppedWarning(target: string, ids: readonly string[]): string {
  const more = ids.length > DROPPED_NAMED ? ` and ${ids.length - DROPPED_NAMED} more` : '';
  const n = `${ids.length} ${plural(ids.length, 'key')}`;
  return `${target}: ${n} with a person's text no longer in the source, dropped from the target: ${ids.slice(0, DROPPED_NAMED).join(', ')}${more}; move the text to a key the source has if it is still wanted`;
}

/** Whether a unit's text in the target is a person's: edited or accepted since the machine wrote it, or (where the format says so) written without it. */
export function persons(format: Format<unknown>, unit: Unit, now: string | undefined, record: UnitRecord | undefined): now is string {
  if (now === undefined) return false;
  if (record) return editedSince(record, now);
  // Empty, or the source's own text (copied as a placeholder): nothing of a person's to keep.
  return format.unrecordedIsHuman === true && now !== '' && now !== unit.source;
}
