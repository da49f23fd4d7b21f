import type { Node } from 'jsonc-parser';
import { protect } from '../../segments/placeholders.ts';
import { CATEGORY_ORDER, pluralCategories, type PluralCategory } from '../../segments/plural-categories.ts';
import type { ProtectedText, Unit } from '../../segments/segment.ts';
import type { Format, SourceFile, TargetContext } from '../format.ts';
import { parseIcu, renderIcu } from './icu-message.ts';
import { replaceRanges, type Edit } from '../replace-ranges.ts';
import { parseJson } from './parse-json.ts';

interface JsonDocument {
  readonly text: string;
  readonly root: Node | undefined;
}

/** A visitor over the translatable pieces of one string value: ICU runs or the whole string. */
type Visit = (id: string, text: ProtectedText, raw: string) => string;

const PLURAL_KEY = /^(.+)_(zero|one|two|few|many|other)$/;

function pointer(path: readonly (string | number)[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('') || '/';
}

function hasWords(text: ProtectedText): boolean {
  return /\p{L}/u.test(text.text.replace(/\{\d+\}/g, ''));
}

/** Renders one string value: ICU messages run by run, other strings whole. */
function renderString(value: string, id: string, locale: string, visit: Visit): string {
  const icu = parseIcu(value);
  if (icu) return renderIcu(value, icu, locale, visit, id);
  const text = protect(value);
  return hasWords(text) ? visit(id, text, value) : value;
}

interface PluralGroup {
  readonly base: string;
  readonly members: ReadonlyMap<PluralCategory, Node>;
  readonly props: readonly Node[];
}

/** Consecutive `key_one`/`key_other` properties of an object (i18next v4 plural keys). */
function pluralGroups(object: Node): PluralGroup[] {
  const groups: PluralGroup[] = [];
  const props = object.children ?? [];
  for (let i = 0; i < props.length; ) {
    const key = props[i].children?.[0]?.value as string;
    const m = PLURAL_KEY.exec(key);
    if (!m) {
      i++;
      continue;
    }
    const members = new Map<PluralCategory, Node>();
    let j = i;
    while (j < props.length) {
      const mm = PLURAL_KEY.exec(props[j].children?.[0]?.value as string);
      if (!mm || mm[1] !== m[1] || members.has(mm[2] as PluralCategory) || props[j].children?.[1]?.type !== 'string') break;
      members.set(mm[2] as PluralCategory, props[j]);
      j++;
    }
    if (members.has('other') && members.size >= 2) groups.push({ base: m[1], members, props: props.slice(i, j) });
    i = Math.max(j, i + 1);
  }
  return groups;
}

/** The group's keys in the target: its CLDR categories, plus `_zero` if the source has it (i18next's special zero). */
function targetCategories(group: PluralGroup, locale: string): PluralCategory[] {
  const cats = new Set(pluralCategories(locale));
  if (group.members.has('zero')) cats.add('zero');
  return CATEGORY_ORDER.filter((c) => cats.has(c));
}

/** Walks every string, calling `visit` for its pieces; returns the edits that turn the source into the target. */
function walk(doc: JsonDocument, locale: string, visit: Visit): Edit[] {
  const edits: Edit[] = [];
  if (!doc.root) return edits;
  const value = (node: Node, path: (string | number)[]): string => {
    const original = node.value as string;
    const out = renderString(original, pointer(path), locale, visit);
    return out === original ? doc.text.slice(node.offset, node.offset + node.length) : JSON.stringify(out);
  };
  const stack: { node: Node; path: (string | number)[] }[] = [{ node: doc.root, path: [] }];
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (node.type === 'string') {
      const text = value(node, path);
      if (text !== doc.text.slice(node.offset, node.offset + node.length)) edits.push({ start: node.offset, end: node.offset + node.length, text });
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => stack.push({ node: child, path: [...path, i] }));
    } else if (node.type === 'object') {
      const grouped = new Set<Node>();
      for (const group of pluralGroups(node)) {
        const cats = targetCategories(group, locale);
        const source = [...group.members.keys()];
        if (cats.length === source.length && cats.every((c, i) => c === source[i])) continue; // same keys: leaf by leaf
        group.props.forEach((p) => grouped.add(p));
        const first = group.props[0];
        const last = group.props[group.props.length - 1];
        const keyNode = first.children![0];
        const colon = doc.text.slice(keyNode.offset + keyNode.length, first.children![1].offset);
        const sep = group.props.length > 1 ? doc.text.slice(first.offset + first.length, group.props[1].offset) : ', ';
        const text = cats
          .map((cat) => {
            const own = group.members.get(cat);
            const from = own ?? (cat === 'one' ? group.members.get('one') : undefined) ?? group.members.get('other')!;
            const key = `${group.base}_${cat}`;
            const rendered = renderString(from.children![1].value as string, pointer([...path, key]), locale, visit);
            return `${JSON.stringify(key)}${colon}${JSON.stringify(rendered)}`;
          })
          .join(sep);
        edits.push({ start: first.offset, end: last.offset + last.length, text });
      }
      for (const prop of node.children ?? []) {
        if (grouped.has(prop) || !prop.children?.[1]) continue;
        stack.push({ node: prop.children[1], path: [...path, prop.children[0].value as string] });
      }
    }
  }
  return edits;
}

/** JSON locale files: every string leaf is a unit; everything else keeps its bytes. */
export const jsonFormat: Format<JsonDocument> = {
  name: 'json',

  parse(file: SourceFile): JsonDocument {
    return { text: file.text, root: parseJson(file.text) };
  },

  units(doc, target: TargetContext): Unit[] {
    const units: Unit[] = [];
    walk(doc, target.locale, (id, text, raw) => {
      units.push({ id, source: raw, protected: text });
      return raw;
    });
    return units;
  },

  current(_doc, target) {
    if (target.existing === undefined) return undefined;
    let existing: JsonDocument;
    try {
      existing = { text: target.existing, root: parseJson(target.existing) };
    } catch {
      return undefined;
    }
    const map = new Map<string, string>();
    walk(existing, target.locale, (id, _text, raw) => {
      map.set(id, raw);
      return raw;
    });
    return map;
  },

  render(doc, target, translations) {
    return replaceRanges(doc.text, walk(doc, target.locale, (id, _text, raw) => translations.get(id) ?? raw));
  },

  verify(doc, rendered) {
    if (!doc.root) return null;
    try {
      JSON.parse(rendered);
      return null;
    } catch (error) {
      return `rendered JSON does not parse: ${(error as Error).message}`;
    }
  },
};
