/**
 * Text with its untranslatable parts replaced by numbered tokens `{0}`, `{1}`, …
 * `tokens[n]` is what `{n}` stands for; surrounding white space is kept aside.
 */
export interface ProtectedText {
  readonly text: string;
  readonly tokens: readonly string[];
  readonly lead: string;
  readonly trail: string;
}

/** One translatable piece of a source file, as a format's store yields it. */
export interface Unit {
  /** Stable within its file and target locale (a JSON path, a PO entry key, a Markdown range). */
  readonly id: string;
  /** The source text as a person reads it. */
  readonly source: string;
  readonly protected: ProtectedText;
  /** 1-based line of the unit in the source file, for messages. */
  readonly line?: number;
  /** 1-based column (in characters) where the unit starts on that line. */
  readonly column?: number;
  /** Disambiguates equal texts that need different translations (PO msgctxt); part of the memory key. */
  readonly context?: string;
  /** The format whose segment check the worker runs besides the shared checks (see check-segment.ts). */
  readonly check?: string;
  /** What the model must know besides the text (English, sent with Qwen-MT `domains`): a plural form's counts. */
  readonly hint?: string;
  /** Nothing to translate (only placeholders and punctuation): written as the source, without a request. */
  readonly verbatim?: boolean;
  /** How messages name the unit where its id is not for reading (PO's key holds control characters). */
  readonly name?: string;
}

/** What a translate job carries for one segment: nothing but the text and how to check it. */
export interface SegmentPayload {
  /** The memory key: hash of the text and everything that changes its translation. */
  readonly key: string;
  readonly text: string;
  /** The format whose segment check applies (a format's name). */
  readonly check?: string;
  /** What the text's `{n}` tokens stand for, when its check needs the real syntax back. */
  readonly tokens?: readonly string[];
}

/** The unit as messages name it: its name, else its id. */
export function unitName(unit: Pick<Unit, 'id' | 'name'>): string {
  return unit.name ?? unit.id;
}

/** Where a unit is, as editors and CI annotations read it: `file:line:column` (as much as is known). */
export function unitLocation(file: string, unit: Pick<Unit, 'line' | 'column'>): string {
  if (!unit.line) return file;
  return unit.column ? `${file}:${unit.line}:${unit.column}` : `${file}:${unit.line}`;
}
