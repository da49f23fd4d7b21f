/** A source range and the text that takes its place. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Turns `text` into its edited form as the edits arrive in order, handing the result on in pieces of a
 * few thousand parts: neither a list of every edit nor the whole edited text is held for a large file.
 */
export class RangeReplacer {
  private pieces: string[] = [];
  private cursor = 0;

  constructor(
    private readonly text: string,
    private readonly emit: (piece: string) => void,
  ) {}

  replace(edit: Edit): void {
    if (edit.start < this.cursor) throw new Error(`edit at ${edit.start} overlaps or precedes the one ending at ${this.cursor}`);
    this.pieces.push(this.text.slice(this.cursor, edit.start), edit.text);
    this.cursor = edit.end;
    if (this.pieces.length >= 4096) this.flush();
  }

  /** Hands on the text after the last edit. */
  end(): void {
    this.pieces.push(this.text.slice(this.cursor));
    this.cursor = this.text.length;
    this.flush();
  }

  private flush(): void {
    this.emit(this.pieces.join(''));
    this.pieces = [];
  }
}

/** Replaces non-overlapping ranges of `text`; everything between them keeps its bytes. */
export function replaceRanges(text: string, edits: readonly Edit[]): string {
  const pieces: string[] = [];
  const out = new RangeReplacer(text, (piece) => pieces.push(piece));
  for (const e of [...edits].sort((a, b) => a.start - b.start)) out.replace(e);
  out.end();
  return pieces.join('');
}
