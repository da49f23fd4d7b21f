/** A source range and the text that takes its place. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Replaces non-overlapping ranges of `text`; everything between them keeps its bytes. */
export function replaceRanges(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  // Joined a few thousand pieces at a time: `+=` would build a rope of two nodes per edit, a large file's worth of them.
  const done: string[] = [];
  let pieces: string[] = [];
  let cursor = 0;
  for (const e of sorted) {
    pieces.push(text.slice(cursor, e.start), e.text);
    cursor = e.end;
    if (pieces.length >= 4096) {
      done.push(pieces.join(''));
      pieces = [];
    }
  }
  pieces.push(text.slice(cursor));
  done.push(pieces.join(''));
  return done.join('');
}
