import type { UnitRecord } from '../memory/target-state.ts';
import type { Unit } from '../segments/segment.ts';

/** A unit's final text in the target, or undefined to keep the source; `index` is its place in `units`. */
export type Translate = (unit: Unit, index: number) => string | undefined;

/** The answers of `translate` for a list of units, by unit id: for formats that render from a map. */
export function translationsOf(units: readonly Unit[], translate: Translate): Map<string, string> {
  const map = new Map<string, string>();
  units.forEach((unit, i) => {
    const text = translate(unit, i);
    if (text !== undefined) map.set(unit.id, text);
  });
  return map;
}

/** A source file as read from disk: text decoded from UTF-8, byte-order mark set aside. */
export interface SourceFile<Options = unknown> {
  /** Path relative to the project root, for messages. */
  readonly path: string;
  readonly text: string;
  /** The format's own settings (the config's key of its name), for formats whose parse depends on them. */
  readonly options?: Options;
}

/** What a format needs to know of the file it writes. */
export interface TargetContext<Options = unknown> {
  readonly locale: string;
  /** Qwen-MT language name. */
  readonly language: string;
  readonly sourceLocale: string;
  /** The target file's current text, when it exists. */
  readonly existing?: string;
  /** What translates (model name, or `pseudo`), for formats that record it (PO comments). */
  readonly machine: string;
  /** The format's own settings (the config's key of its name). */
  readonly options: Options;
  /** What the state knows of what the machine wrote into this target (none for a target never written). */
  readonly records?: TargetRecords;
}

/** Records by unit id, as formats ask for them (the state keeps them packed, not as a map of objects). */
export interface UnitRecords {
  readonly size: number;
  has(id: string): boolean;
  get(id: string): UnitRecord | undefined;
}

/** The state's records of one target, set against the source's current units. */
export interface TargetRecords {
  /** The record of each current unit: by its id, else by its source (a moved unit, or an id from an older version). */
  readonly byUnit: UnitRecords;
  /** The records no current unit accounts for, by output hash: machine text of removed or changed sources. */
  readonly orphans: ReadonlyMap<string, UnitRecord>;
}

/** The existing target set against the source: each unit's text, and text no unit accounts for. */
export interface TargetMatch {
  /** Per unit id, the target's text and the record of what the machine wrote there (when it wrote it). */
  readonly units: ReadonlyMap<string, { readonly text: string; readonly record?: UnitRecord }>;
  /** Target text that matches no source unit and that the machine did not write: kept, one message each. */
  readonly additions: readonly string[];
}

/** Where `renderTo` hands its output. */
export interface RenderSink {
  /** The target's text, piece by piece (a piece never ends inside a surrogate pair). */
  readonly write: (piece: string) => void;
  /** Each string of the target as written: its units' texts as the format reads them back, in order; called once the render has asked for those units. */
  readonly written?: (units: ReadonlyArray<readonly [id: string, text: string]>) => void;
}

/**
 * A file format as a store of translation units (after Translate Toolkit's storage layer):
 * the pipeline sees only units, and adding a format touches only its own folder.
 */
export interface Format<Doc = unknown, Options = unknown> {
  readonly name: string;
  /** `render`, `verify` and `current` of a rendered text never read `target.existing`: a run need not keep it once planned. */
  readonly rendersFromSource?: boolean;
  /**
   * The target's text carries no mark of who wrote it (JSON; PO has the machine's comment): a unit's
   * text the state has no record of, neither empty nor the source's own, is a person's (translated before
   * this tool ran, or the state was lost), kept and recorded as a hand edit.
   */
  readonly unrecordedIsHuman?: boolean;
  /**
   * The written target is the existing one brought up to date (PO, as msgmerge does), not the source
   * rendered again: it keeps that file's byte-order mark (see `targetBom`).
   */
  readonly mergesIntoTarget?: boolean;
  /** Decodes a file's bytes when the format names its own charset (PO), a byte-order mark left in; others are read as UTF-8. */
  decode?(bytes: Uint8Array): string;
  /** Parses a source file; throws FormatError on bad input. Called within the parse budget (`parse-budget.ts`). */
  parse(file: SourceFile<Options>): Doc;
  /** How deep the text's syntax nests at most, and where, by a quick scan: for formats whose parser recurses. */
  nesting?(text: string): { depth: number; line: number };
  /** The units to translate into one target locale. */
  units(doc: Doc, target: TargetContext<Options>): Unit[];
  /** `units` one at a time, in the same order, for formats that can: a large file's units need not all be held at once. */
  eachUnit?(doc: Doc, target: TargetContext<Options>, visit: (unit: Unit, index: number) => void): void;
  /**
   * The target file's text. `translate` is asked once for each unit, in the order of `units`, for its
   * final text (undefined keeps the source), so a format can render without all units held at once.
   */
  render(doc: Doc, target: TargetContext<Options>, translate: Translate): string;
  /**
   * `render` handing its text on in pieces as it makes them, for formats whose targets may be large: the
   * whole text is never held. Each unit's text as `current` would read it in the written file goes to
   * `out.written`. Returns whether the output needs `verify` before it is written (otherwise it is valid by construction).
   */
  renderTo?(doc: Doc, target: TargetContext<Options>, translate: Translate, out: RenderSink): boolean;
  /**
   * The existing target's current text for each unit id (to notice what a person edited), or
   * undefined where the format cannot map them (it then decides ownership itself, as PO does).
   */
  current?(doc: Doc, target: TargetContext<Options>): ReadonlyMap<string, string> | undefined;
  /**
   * `current` one unit at a time, in the target's order, so a large file's texts need not be held at
   * once; false (after any number of visits, to be disregarded) where `current` would be undefined.
   * Throws (FormatError, with its line) for a target that is there but is not what the format reads:
   * planning then leaves it as it is and reports it, never taking it for a target without text.
   */
  eachCurrent?(doc: Doc, target: TargetContext<Options>, visit: (id: string, text: string) => void): boolean;
  /**
   * Instead of `current`, for formats whose units have no fixed place in the target (Markdown): the
   * existing target matched to the source's units by what they are, using `target.records`.
   */
  match?(doc: Doc, target: TargetContext<Options>): TargetMatch | undefined;
  /** Each unit's text in a target just rendered for `target` (to record what the machine wrote); defaults to `current`. */
  written?(doc: Doc, target: TargetContext<Options>, rendered: string): ReadonlyMap<string, string> | undefined;
  /**
   * Segments of the existing target that the format itself keeps as a person's and so makes no units of
   * (PO: the forms of entries translated without the machine's mark, or reviewed), for `status`.
   */
  keptUnits?(doc: Doc, target: TargetContext<Options>): number;
  /** Machine translations in the existing target that carry the format's own "not reviewed" mark (PO: fuzzy), for `status`. */
  unreviewed?(doc: Doc, target: TargetContext<Options>): number;
  /** Problems of the existing target a `--check` should report beyond missing or stale text (PO: fuzzy entries). */
  audit?(doc: Doc, target: TargetContext<Options>): string[];
  /** Checks the rendered document against the source before it is written; returns why it is wrong, or null. */
  verify?(doc: Doc, rendered: string, target: TargetContext<Options>): string | null;
}
