import { protect } from '../../segments/placeholders.ts';
import { CATEGORY_ORDER, pluralCategories, type PluralCategory } from '../../segments/plural-categories.ts';
import type { ProtectedText, Unit } from '../../segments/segment.ts';
import type { Format, SourceFile, TargetContext } from '../format.ts';
import { parseIcu, renderIcu } from './icu-message.ts';
import { replaceRanges, type Edit } from '../replace-ranges.ts';
import { pointerSegment, scanJson, type JsonPluralRun, type JsonString } from './scan-json.ts';

interface JsonDocument {
  readonly text: string;
  /** A file of white space only: nothing to translate, written as is. */
  readonly empty: boolean;
}

/** A visitor over the translatable pieces of one string value: ICU runs or the whole string. */
type Visit = (id: string, text: ProtectedText, raw: string, line: number) => string;

function hasWords(text: ProtectedText): boolean {
  return /\p{L}/u.test(text.text.replace(/\{\d+\}/g, ''));
}

/** Renders one string value: ICU messages run by run, other strings whole. */
function renderString(value: string, id: string, locale: string, visit: Visit, line: number): string {
  const icu = parseIcu(value);
  if (icu) return renderIcu(value, icu, locale, (runId, text, raw) => visit(runId, text, raw, line), id);
  const text = protect(value);
  return hasWords(text) ? visit(id, text, value, line) : value;
}

/** The run's keys in the target: its CLDR categories, plus `_zero` if the source has it (i18next's special zero). */
function targetCategories(run: JsonPluralRun, locale: string): PluralCategory[] {
  const cats = new Set(pluralCategories(locale));
  if (run.members.some((m) => m.category === 'zero')) cats.add('zero');
  return CATEGORY_ORDER.filter((c) => cats.has(c));
}

/** Walks every string in document order, calling `visit` for its pieces; returns the edits that turn the source into the target. */
function walk(text: string, locale: string, visit: Visit): Edit[] {
  const edits: Edit[] = [];
  const leaf = ({ pointer, value, offset, length, line }: JsonString) => {
    const out = renderString(value, pointer, locale, visit, line);
    if (out !== value) edits.push({ start: offset, end: offset + length, text: JSON.stringify(out) });
  };
  scanJson(text, {
    string: leaf,
    plural(run) {
      const cats = targetCategories(run, locale);
      const members = run.members;
      if (cats.length === members.length && cats.every((c, i) => c === members[i].category)) return members.forEach(leaf);
      const first = members[0];
      const last = members[members.length - 1];
      const colon = text.slice(first.keyOffset + first.keyLength, first.offset);
      const sep = members.length > 1 ? text.slice(first.offset + first.length, members[1].keyOffset) : ', ';
      const byCategory = new Map(members.map((m) => [m.category, m]));
      const rendered = cats.map((cat) => {
        const from = byCategory.get(cat) ?? (cat === 'one' ? byCategory.get('one') : undefined) ?? byCategory.get('other')!;
        const key = `${run.base}_${cat}`;
        const value = renderString(from.value, `${run.parent}/${pointerSegment(key)}`, locale, visit, from.line);
        return `${JSON.stringify(key)}${colon}${JSON.stringify(value)}`;
      });
      edits.push({ start: first.keyOffset, end: last.offset + last.length, text: rendered.join(sep) });
    },
  });
  return edits;
}

/** JSON locale files: every string leaf is a unit; everything else keeps its bytes. */
export const jsonFormat: Format<JsonDocument> = {
  name: 'json',

  parse(file: SourceFile): JsonDocument {
    const empty = !file.text.trim();
    if (!empty) scanJson(file.text);
    return { text: file.text, empty };
  },

  units(doc, target: TargetContext): Unit[] {
    const units: Unit[] = [];
    if (doc.empty) return units;
    walk(doc.text, target.locale, (id, text, raw, line) => {
      units.push({ id, source: raw, protected: text, line });
      return raw;
    });
    return units;
  },

  current(_doc, target) {
    if (target.existing === undefined) return undefined;
    const map = new Map<string, string>();
    try {
      walk(target.existing, target.locale, (id, _text, raw) => {
        map.set(id, raw);
        return raw;
      });
    } catch {
      return undefined;
    }
    return map;
  },

  render(doc, target, translate) {
    if (doc.empty) return doc.text;
    let index = 0;
    // The same walk as `units`, so units arrive in its order and are never all held at once.
    return replaceRanges(doc.text, walk(doc.text, target.locale, (id, text, raw, line) => translate({ id, source: raw, protected: text, line }, index++) ?? raw));
  },

  verify(doc, rendered) {
    if (doc.empty) return null;
    try {
      scanJson(rendered);
      return null;
    } catch (error) {
      return `rendered JSON is invalid: ${(error as Error).message}`;
    }
  },
};
