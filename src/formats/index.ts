import type { Format } from './format.ts';
import type { FormatDescriptor, SegmentCheck } from './format-descriptor.ts';
import { FORMATS } from './registry.ts';

export type { FormatDescriptor, SegmentCheck } from './format-descriptor.ts';

/** Names of the registered formats, in registry order: what a file group's `format` may be. */
export function formatNames(): string[] {
  return FORMATS.map((f) => f.name);
}

/** The format registered under `name`. */
export function formatNamed(name: string): FormatDescriptor | undefined {
  return FORMATS.find((f) => f.name === name);
}

/** The format of files ending `.<extension>` (`pot` → gettext's), for `init`. */
export function formatOfExtension(extension: string): FormatDescriptor | undefined {
  return FORMATS.find((f) => f.extensions.includes(extension.toLowerCase()));
}

/** Every registered file name ending, for globs: `json,md,mdx,po,pot`. */
export function formatExtensions(): string[] {
  return FORMATS.flatMap((f) => f.extensions);
}

/** The settings of format `name` in a parsed config (its key of the same name), undefined for formats without any. */
export function formatOptions(config: object, name: string): unknown {
  return (config as Record<string, unknown>)[name];
}

// Loaded on first use: a project of JSON files never loads the Markdown parser, and `--help` none.
const loaded = new Map<string, Promise<Format>>();

function known(name: string): FormatDescriptor {
  const format = formatNamed(name);
  if (!format) throw new Error(`no format named "${name}" is registered`);
  return format;
}

/** The store of format `name`; the pipeline handles every format through this interface. */
export function loadFormat(name: string): Promise<Format> {
  let format = loaded.get(name);
  if (!format) {
    format = known(name).load();
    loaded.set(name, format);
  }
  return format;
}

const checks = new Map<string, SegmentCheck>();

/**
 * Loads the segment checks of the formats named (default: every registered one), once per process:
 * after this, `segmentCheckOf` answers synchronously (checks run per segment, in hot loops).
 */
export async function loadSegmentChecks(names: Iterable<string> = formatNames()): Promise<void> {
  const wanted = new Set(names);
  await Promise.all(
    FORMATS.filter((f) => wanted.has(f.name) && f.segmentCheck && !checks.has(f.name)).map(async (f) => {
      checks.set(f.name, await f.segmentCheck!());
    }),
  );
}

/** The segment check of format `name`, once loaded; undefined for a format without one (or not loaded). */
export function segmentCheckOf(name: string): SegmentCheck | undefined {
  return checks.get(name);
}
