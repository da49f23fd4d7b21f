import type { Line } from '../files/line-file.ts';

/** Word → byte offsets of up to 64 memory lines whose source has it, for `tm_list` examples. */
export type WordIndex = Map<string, number[]>;

/** The words of a text that say what it is about: four letters or more, at most 200. */
export function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []).slice(0, 200));
}

/** Indexes the lines `source` returns a text for (the latest line of each key). */
export function wordIndex(lines: Iterable<Line>, source: (line: Line) => string | undefined): WordIndex {
  const index: WordIndex = new Map();
  for (const line of lines) {
    const text = source(line);
    if (text === undefined) continue;
    for (const w of words(text)) {
      const list = index.get(w);
      if (!list) index.set(w, [line.offset]);
      else if (list.length < 64) list.push(line.offset);
    }
  }
  return index;
}

/** Offsets of the indexed lines sharing at least two words with `text`, most shared first. */
export function closest(index: WordIndex, text: string): number[] {
  const score = new Map<number, number>();
  for (const w of words(text)) for (const offset of index.get(w) ?? []) score.set(offset, (score.get(offset) ?? 0) + 1);
  return [...score.entries()].filter(([, s]) => s >= 2).sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([offset]) => offset);
}
