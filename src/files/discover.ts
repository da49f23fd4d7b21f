import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { FileGroup } from '../config/schema.ts';
import type { FormatDescriptor } from '../formats/format-descriptor.ts';
import { formatNamed } from '../formats/index.ts';
import { isInside, ProjectPath } from './project-path.ts';

/** One source file and the target file it becomes for one locale. */
export interface FilePair {
  readonly group: number;
  /** The format's name (the registry's). */
  readonly format: string;
  /** Paths relative to the project root, with forward slashes. */
  readonly source: string;
  readonly target: string;
  readonly locale: string;
  readonly domains?: string;
}

export interface Discovery {
  readonly pairs: FilePair[];
  /** Problems with single files (a target outside the project, say); the rest go on. */
  readonly errors: { source: string; message: string }[];
  /** Per group: whether a path is one of its sources, found now or on a later run (pattern, less its excludes). */
  readonly isSource: readonly ((file: string) => boolean)[];
}

/** Leading path segments without glob syntax: the folder `{path}` is relative to. */
function staticBase(pattern: string): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (isDynamicPattern(part)) break;
    fixed.push(part);
  }
  return fixed.join('/');
}

/** Compiled once per pattern part: a glob's files each ask. */
const partMatchers = new Map<string, (name: string) => boolean>();

/**
 * Where `{locale}` stands in a name its pattern part matches: the occurrence of the locale the pattern
 * puts there (`*.{locale}.json`: the `en` of `general.en.json`, not the one in `general`), else the first.
 */
function localeAt(name: string, part: string, sourceLocale: string): number {
  let matches = partMatchers.get(part);
  if (!matches) partMatchers.set(part, (matches = picomatch(part.replaceAll('{locale}', '\uffff'), { dot: true })));
  for (let i = name.indexOf(sourceLocale); i >= 0; i = name.indexOf(sourceLocale, i + 1)) {
    if (matches(`${name.slice(0, i)}\uffff${name.slice(i + sourceLocale.length)}`)) return i;
  }
  return name.indexOf(sourceLocale);
}

/** Target path for one source file and locale, per the group's `target` template or the `{locale}` position. */
export function targetPath(group: FileGroup, source: string, sourceLocale: string, locale: string): string {
  const pattern = group.source.replace(/^\.\//, '');
  if (group.target) {
    const base = staticBase(pattern.replaceAll('{locale}', sourceLocale));
    const rel = base ? path.posix.relative(base, source) : source;
    const dir = path.posix.dirname(rel);
    const ext = path.posix.extname(rel);
    return path.posix.normalize(
      group.target
        .replaceAll('{locale}', locale)
        .replaceAll('{path}', rel)
        // A file at the top has no folder: `{dir}/` goes whole, or `{dir}/{name}` would start at the root.
        .replaceAll('{dir}/', dir === '.' ? '' : `${dir}/`)
        .replaceAll('{dir}', dir === '.' ? '' : dir)
        .replaceAll('{name}', path.posix.basename(rel, ext))
        .replace(/^\.\//, ''),
    );
  }
  const patternParts = pattern.split('/');
  const parts = source.split('/');
  const globstar = patternParts.indexOf('**');
  let replaced = false;
  patternParts.forEach((p, i) => {
    if (!p.includes('{locale}')) return;
    // After a `**` the segment index is not fixed: count from the end instead.
    const at = globstar >= 0 && i > globstar ? parts.length - (patternParts.length - i) : i;
    const literal = p.split('{locale}');
    if (parts[at] !== undefined && !isDynamicPattern(p.replaceAll('{locale}', ''))) {
      parts[at] = literal.join(locale);
      replaced = true;
    } else if (parts[at]?.includes(sourceLocale)) {
      const i = localeAt(parts[at], p, sourceLocale);
      parts[at] = parts[at].slice(0, i) + locale + parts[at].slice(i + sourceLocale.length);
      replaced = true;
    }
  });
  if (!replaced) {
    const at = parts.findIndex((p) => p === sourceLocale || path.posix.basename(p, path.posix.extname(p)) === sourceLocale);
    if (at < 0) throw new Error(`cannot derive a target path from "${source}": add "target" to its file group`);
    parts[at] = parts[at].replace(sourceLocale, locale);
  }
  return parts.join('/');
}

/** A group translated in place (catalogues such as `po/*.po`): its format has the rule, and it has no `{locale}` and no `target`. */
function inPlace(group: FileGroup): FormatDescriptor | undefined {
  const format = formatNamed(group.format);
  return format?.inPlace && !group.target && !group.source.includes('{locale}') ? format : undefined;
}

const norm = (l: string) => l.toLowerCase().replace(/_/g, '-');

/** The locale of a file translated in place: a path part or file name that is a target locale (or its folder name), else what its first bytes name (PO: the Language header). */
async function inPlaceLocale(format: FormatDescriptor, root: string, source: string, locales: readonly string[], folder: (locale: string) => string): Promise<string | undefined> {
  const bare = (part: string) => {
    const ext = path.posix.extname(part);
    return format.extensions.includes(ext.slice(1).toLowerCase()) ? part.slice(0, -ext.length) : part;
  };
  const parts = source.split('/').map((p) => norm(bare(p)));
  const fromPath = locales.find((l) => parts.includes(norm(l)) || parts.includes(norm(folder(l))));
  if (fromPath) return fromPath;
  const handle = await open(path.join(root, source), 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(8192), 0, 8192, 0);
    const language = format.inPlace!.localeIn(buffer.subarray(0, bytesRead));
    return language ? (locales.find((l) => norm(l) === norm(language)) ?? language) : undefined;
  } finally {
    await handle.close();
  }
}

/** Dependencies and version control are never sources, whatever a glob says. */
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

/** A group's `exclude` globs, each `{locale}` expanded to every locale's folder name. */
function excludes(group: FileGroup, folders: readonly string[]): string[] {
  return (group.exclude ?? []).flatMap((g) => (g.includes('{locale}') ? folders.map((f) => g.replaceAll('{locale}', f)) : [g])).map((g) => g.replace(/^\.\//, ''));
}

export interface DiscoverOptions {
  /** Folder (or file) names of locales whose name on disk is not their code: `{"zh-Hans": "zh_CN"}`. */
  readonly localeMapping?: Readonly<Record<string, string>>;
  /** Every locale the config names (a run may do fewer, `--to`): what `{locale}` in `exclude` stands for. */
  readonly configLocales?: readonly string[];
}

/**
 * The files a group's pattern names, less the ignored ones. A pattern without glob syntax is one
 * path: looked up, not matched against a crawl of its folder, so 10,000 single-file groups cost
 * 10,000 lookups, not 10,000 crawls of a folder of 10,000 files.
 */
async function expand(root: string, pattern: string, ignore: readonly string[]): Promise<string[]> {
  if (!isDynamicPattern(pattern)) {
    const file = await stat(path.join(root, pattern)).catch(() => undefined);
    const one = path.posix.normalize(pattern);
    return file?.isFile() && !picomatch([...ignore], { dot: true })(one) ? [one] : [];
  }
  return glob(pattern, { cwd: root, onlyFiles: true, dot: false, followSymbolicLinks: true, expandDirectories: false, ignore: [...ignore] });
}

/** Expands every file group's glob under `root` and pairs each source file with its target per locale. */
export async function discover(root: string, groups: readonly FileGroup[], sourceLocale: string, locales: readonly string[], options: DiscoverOptions = {}): Promise<Discovery> {
  const localeMapping = options.localeMapping ?? {};
  const pairs: FilePair[] = [];
  const errors: Discovery['errors'] = [];
  const realRoot = await realpath(root);
  const project = await ProjectPath.of(root);
  const seenTargets = new Map<string, string>();
  const folder = (locale: string) => (Object.hasOwn(localeMapping, locale) ? localeMapping[locale] : locale);
  const allFolders = [...new Set([sourceLocale, ...locales, ...(options.configLocales ?? [])])].map(folder);
  const isSource: ((file: string) => boolean)[] = [];
  for (const [index, group] of groups.entries()) {
    const pattern = group.source.replace(/^\.\//, '').replaceAll('{locale}', folder(sourceLocale));
    const groupLocales = group.targetLocales ? locales.filter((l) => group.targetLocales!.includes(l)) : locales;
    const ignore = [...ALWAYS_IGNORED, ...excludes(group, allFolders)];
    const [matches, ignored] = [picomatch(pattern), picomatch(ignore, { dot: true })];
    isSource.push((file) => matches(file) && !ignored(file));
    const found = await expand(root, pattern, ignore);
    for (const source of found.sort()) {
      const real = await realpath(path.join(root, source)).catch(() => undefined);
      if (!real || !isInside(realRoot, real)) {
        errors.push({ source, message: 'resolves outside the project folder (symbolic link); skipped' });
        continue;
      }
      const inPlaceFormat = inPlace(group);
      if (inPlaceFormat) {
        const locale = await inPlaceLocale(inPlaceFormat, root, source, locales, folder);
        if (!locale) errors.push({ source, message: `cannot tell the locale of this catalogue: ${inPlaceFormat.inPlace!.unknownLocale}` });
        else if (groupLocales.includes(locale)) pairs.push({ group: index, format: group.format, source, target: source, locale, domains: group.domains });
        continue;
      }
      for (const locale of groupLocales) {
        let target: string;
        try {
          target = targetPath(group, source, folder(sourceLocale), folder(locale));
        } catch (error) {
          errors.push({ source, message: (error as Error).message });
          break;
        }
        const escape = await project.escape(target);
        if (escape) {
          errors.push({ source, message: `target ${escape}; skipped` });
          continue;
        }
        if (target === source) {
          errors.push({ source, message: `target for ${locale} is the source file itself; add "target" to its file group` });
          continue;
        }
        const owner = seenTargets.get(target);
        if (owner && owner !== source) {
          errors.push({ source, message: `target "${target}" is also the target of ${owner}; skipped` });
          continue;
        }
        seenTargets.set(target, source);
        pairs.push({ group: index, format: group.format, source, target, locale, domains: group.domains });
      }
    }
  }
  return { pairs, errors, isSource };
}
