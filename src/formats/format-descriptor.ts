import type { z } from 'zod';
import type { Format } from './format.ts';

/** A format's own check of each translated segment, run by workers after the checks every segment passes. */
export interface SegmentCheck {
  /** Why the translation is wrong for the format, or null. `tokens[n]` is what `{n}` stands for. */
  check(source: string, translation: string, tokens: readonly string[]): string | null;
  /** The translation as it will be kept, repaired before it is checked (Markdown: text that would read as syntax is escaped). */
  settle?(source: string, translation: string, tokens: readonly string[]): string;
}

/**
 * For formats whose files are their own targets (PO catalogues per locale): a group with neither
 * `target` nor `{locale}` is translated in place, each file into the locale its path or content names.
 */
export interface InPlaceRule {
  /** The locale a file's first bytes name (PO: the `Language` header), when its path names none. */
  localeIn(head: Buffer): string | undefined;
  /** What to do about a file whose locale neither tells: ends "cannot tell the locale of this catalogue: …". */
  readonly unknownLocale: string;
}

/** The config's settings of a format: a zod object schema whose defaults are the format's defaults. */
export type OptionsSchema = z.ZodType<unknown, z.ZodTypeDef, unknown>;

/**
 * Everything the tool knows of a format, from one folder (`src/formats/<name>/index.ts`) and one
 * line of the registry (`registry.ts`). Kept light: the parser and renderer load with `load()`,
 * the segment check with `segmentCheck()`, so `--help` and a JSON-only project load neither of the others.
 */
export interface FormatDescriptor {
  /** The value of a file group's `format`, and the config key of its settings. */
  readonly name: string;
  /** File name endings without the dot (`po`, `pot`): how `init` and in-place catalogues recognise its files. */
  readonly extensions: readonly string[];
  /** The config's `<name>` settings; a format without one accepts no such key. */
  readonly optionsSchema?: OptionsSchema;
  readonly inPlace?: InPlaceRule;
  /** Loads the check a worker runs on segments whose units carry `check: <name>`. */
  segmentCheck?(): Promise<SegmentCheck>;
  /** Loads the store: parser, units, renderer. */
  load(): Promise<Format>;
}
