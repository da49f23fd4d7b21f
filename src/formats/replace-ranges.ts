/** A source range and the text that takes its place. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Builds `text` with ranges replaced as the edits arrive in order, joining the pieces a few thousand
 * at a time: neither a list of every edit nor a rope of two string nodes per edit is held for a large file.
 */
export class RangeReplacer {
  private readonly done: string[] = [];
  private pieces: string[] = [];
  private cursor = 0;

  constructor(private readonly text: string) {}

  replace(edit: Edit): void {
    if (edit.start < this.cursor) throw new Error(`edit at ${edit.start} overlaps or precedes the one ending at ${this.cursor}`);
    this.pieces.push(this.text.slice(this.cursor, edit.start), edit.text);
    this.cursor = edit.end;
    if (this.pieces.length >= 4096) {
      this.done.push(this.pieces.join(''));
      this.pieces = [];
    }
  }

  /** The whole text, edits applied. */
  result(): string {
    this.pieces.push(this.text.slice(this.cursor));
    this.done.push(this.pieces.join(''));
    this.pieces = [];
    this.cursor = this.text.length;
    return this.done.join('');
  }
}

/** Replaces non-overlapping ranges of `text`; everything between them keeps its bytes. */
export function replaceRanges(text: string, edits: readonly Edit[]): string {
  const out = new RangeReplacer(text);
  for (const e of [...edits].sort((a, b) => a.start - b.start)) out.replace(e);
  return out.result();
}
