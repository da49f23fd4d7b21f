import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { formatExtensions, formatOfExtension } from '../formats/index.ts';
import { isLocaleCode } from './locale-code.ts';

export type SiteKind = 'docusaurus' | 'vitepress' | 'next';

/** A file group `init` proposes, with the reason it was chosen. */
export interface ProposedGroup {
  readonly format: string;
  readonly source: string;
  readonly target?: string;
  readonly exclude?: readonly string[];
  readonly why: string;
}

export interface Detection {
  readonly site?: SiteKind;
  readonly sourceLocale?: string;
  /** Locales that already have files beside the source's: the likely targets. */
  readonly existingLocales: readonly string[];
  readonly groups: readonly ProposedGroup[];
  /** Format options the layout needs, by the format's config key (a docs site's heading anchors). */
  readonly formatOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Folders that are build output, dependencies or tool state: never proposed as sources. */
export const IGNORED_DIRS = ['node_modules', '.git', 'dist', 'build', '.next', '.docusaurus', 'coverage', 'vendor', '.translate-locales'];
const IGNORE = IGNORED_DIRS.map((d) => `**/${d}/**`);
/** Folder names under which JSON files are locale files. */
const LOCALE_DIRS = new Set(['locales', 'locale', 'i18n', 'lang', 'langs', 'languages', 'translations', 'messages', 'l10n', 'intl']);
const MAX_FILES = 50_000;

/** The registered format of `file` (or of files ending `.<extension>`): the layouts below are each format's usual ones. */
function formatOf(fileOrExtension: string): string {
  const extension = fileOrExtension.includes('.') ? path.posix.extname(fileOrExtension).slice(1) : fileOrExtension;
  const format = formatOfExtension(extension);
  if (!format) throw new Error(`no format is registered for .${extension} files`);
  return format.name;
}

interface Tally {
  readonly group: Omit<ProposedGroup, 'why'> & { why: string };
  readonly locales: Set<string>;
}

function firstExisting(root: string, names: readonly string[]): string | undefined {
  return names.find((n) => existsSync(path.join(root, n)));
}

function siteOf(root: string, vitepressConfigs: readonly string[]): SiteKind | undefined {
  if (firstExisting(root, ['docusaurus.config.js', 'docusaurus.config.ts', 'docusaurus.config.mjs', 'docusaurus.config.cjs'])) return 'docusaurus';
  if (vitepressConfigs.length) return 'vitepress';
  if (firstExisting(root, ['next.config.js', 'next.config.mjs', 'next.config.ts'])) return 'next';
  return undefined;
}

/** JSON locale files: `<dir>/<locale>/**\/*.json` or `<dir>/<locale>.json` below a locale folder name. */
function jsonGroup(file: string): { key: string; locale: string; group: Omit<ProposedGroup, 'why'> } | undefined {
  const parts = file.split('/');
  for (let i = 1; i < parts.length - 1; i++) {
    if (LOCALE_DIRS.has(parts[i - 1]) && isLocaleCode(parts[i])) {
      const base = parts.slice(0, i).join('/');
      return { key: `${base}/{locale}/`, locale: parts[i], group: { format: formatOf(file), source: `${base}/{locale}/**/*.json` } };
    }
  }
  const name = path.posix.basename(file, '.json');
  const dir = path.posix.dirname(file);
  if (isLocaleCode(name) && LOCALE_DIRS.has(path.posix.basename(dir))) {
    return { key: `${dir}/{locale}.json`, locale: name, group: { format: formatOf(file), source: `${dir}/{locale}.json` } };
  }
  return undefined;
}

/**
 * Markdown groups. `locales` are folders per locale that hold sources and translations alike;
 * `targets` are translations beside an unnamed root locale (VitePress, Docusaurus, docs/<locale>/).
 */
function markdownGroups(site: SiteKind | undefined, md: readonly string[], vitepressRoot: string | undefined): { groups: ProposedGroup[]; locales: Set<string>; targets: Set<string> } {
  const locales = new Set<string>();
  const targets = new Set<string>();
  const under = (dir: string) => md.some((f) => f.startsWith(`${dir}/`));
  if (site === 'docusaurus') {
    const groups: ProposedGroup[] = [];
    if (under('docs')) groups.push({ format: formatOf('md'), source: 'docs/**/*.{md,mdx}', target: 'i18n/{locale}/docusaurus-plugin-content-docs/current/{path}', why: 'Docusaurus docs: translations go to i18n/<locale>/docusaurus-plugin-content-docs/current' });
    if (under('blog')) groups.push({ format: formatOf('md'), source: 'blog/**/*.{md,mdx}', target: 'i18n/{locale}/docusaurus-plugin-content-blog/{path}', why: 'Docusaurus blog: translations go to i18n/<locale>/docusaurus-plugin-content-blog' });
    for (const f of md) {
      const [top, locale] = f.split('/');
      if (top === 'i18n' && locale && isLocaleCode(locale)) targets.add(locale);
    }
    return { groups, locales, targets };
  }
  if (site === 'vitepress' && vitepressRoot !== undefined) {
    const base = vitepressRoot === '.' ? '' : `${vitepressRoot}/`;
    for (const f of md) {
      const first = f.slice(base.length).split('/')[0];
      if (f.startsWith(base) && f.slice(base.length).includes('/') && isLocaleCode(first)) targets.add(first);
    }
    return {
      groups: [{ format: formatOf('md'), source: `${base}**/*.md`, target: `${base}{locale}/{path}`, exclude: [`${base}{locale}/**`], why: `VitePress: the root locale in ${vitepressRoot === '.' ? 'the project folder' : vitepressRoot + '/'}, other locales in <locale>/ folders beside it` }],
      locales,
      targets,
    };
  }
  // Docs kept per locale folder: docs/en/**.
  const perLocale = new Map<string, Set<string>>();
  for (const f of md) {
    const parts = f.split('/');
    const at = parts.findIndex((p, i) => i < parts.length - 1 && isLocaleCode(p));
    if (at < 0) continue;
    const key = parts.slice(0, at).join('/');
    if (!perLocale.has(key)) perLocale.set(key, new Set());
    perLocale.get(key)!.add(parts[at]);
  }
  const groups: ProposedGroup[] = [];
  for (const [base, found] of perLocale) {
    for (const l of found) locales.add(l);
    groups.push({ format: formatOf('md'), source: `${base ? base + '/' : ''}{locale}/**/*.{md,mdx}`, why: `Markdown kept in one folder per locale under ${base || 'the project folder'}/` });
  }
  if (!groups.length && under('docs')) {
    groups.push({ format: formatOf('md'), source: 'docs/**/*.{md,mdx}', target: 'docs/{locale}/{path}', exclude: ['docs/{locale}/**'], why: 'a docs/ folder: translations go to docs/<locale>/' });
  }
  return { groups, locales, targets };
}

function poGroups(files: readonly string[]): { groups: ProposedGroup[]; locales: Set<string> } {
  const groups: ProposedGroup[] = [];
  const locales = new Set<string>();
  const pots = files.filter((f) => f.endsWith('.pot'));
  const pos = files.filter((f) => f.endsWith('.po'));
  for (const pot of pots) {
    const dir = path.posix.dirname(pot);
    for (const po of pos.filter((p) => path.posix.dirname(p) === dir)) {
      const name = path.posix.basename(po, '.po');
      if (isLocaleCode(name)) locales.add(name);
    }
    groups.push({ format: formatOf(pot), source: pot, target: `${dir === '.' ? '' : dir + '/'}{locale}.po`, why: `a gettext template: one catalogue per locale beside it` });
  }
  // Catalogues translated in place, Django style: <base>/<locale>/LC_MESSAGES/<domain>.po.
  const bases = new Map<string, string>();
  for (const po of pos) {
    const parts = po.split('/');
    const at = parts.indexOf('LC_MESSAGES');
    if (at < 1 || !isLocaleCode(parts[at - 1])) continue;
    locales.add(parts[at - 1]);
    bases.set(parts.slice(0, at - 1).join('/'), po);
  }
  if (!pots.length) {
    for (const [base, catalogue] of bases) groups.push({ format: formatOf(catalogue), source: `${base ? base + '/' : ''}*/LC_MESSAGES/*.po`, why: 'gettext catalogues per locale (LC_MESSAGES): translated in place, locale from the path' });
  }
  return { groups, locales };
}

/** Docusaurus names its default locale in its config: `defaultLocale: 'fr'`. */
function docusaurusLocale(root: string): string | undefined {
  const file = firstExisting(root, ['docusaurus.config.js', 'docusaurus.config.ts', 'docusaurus.config.mjs', 'docusaurus.config.cjs']);
  if (!file) return undefined;
  const found = /defaultLocale\s*:\s*['"]([A-Za-z0-9_-]+)['"]/.exec(readFileSync(path.join(root, file), 'utf8'))?.[1];
  return found && isLocaleCode(found) ? found : undefined;
}

function chooseSource(counts: Map<string, number>, fallback: string | undefined): string | undefined {
  const codes = [...counts.keys()];
  const english = codes.find((c) => c === 'en') ?? codes.find((c) => /^en[-_]/i.test(c));
  return english ?? [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? fallback;
}

/** Looks at a repository's files and proposes the file groups a config for it would have. */
export async function detectProject(root: string, options: { sourceLocale?: string } = {}): Promise<Detection> {
  const files = (await glob(`**/*.{${formatExtensions().join(',')}}`, { cwd: root, ignore: IGNORE, dot: false, onlyFiles: true })).sort().slice(0, MAX_FILES);
  const vitepressConfigs = await glob('{,docs/,*/}.vitepress/config.{js,ts,mjs,mts,cjs,cts}', { cwd: root, ignore: IGNORE, dot: true, onlyFiles: true });
  const site = siteOf(root, vitepressConfigs);
  const vitepressRoot = vitepressConfigs.length ? path.posix.dirname(path.posix.dirname(vitepressConfigs.sort()[0])) : undefined;

  const counts = new Map<string, number>();
  const seen = (locale: string) => counts.set(locale, (counts.get(locale) ?? 0) + 1);
  const jsonTallies = new Map<string, Tally>();
  for (const f of files.filter((f) => f.endsWith('.json'))) {
    // Docusaurus writes its own i18n/<locale>/*.json (write-translations): not ours to translate.
    if (site === 'docusaurus' && f.startsWith('i18n/')) continue;
    const hit = jsonGroup(f);
    if (!hit) continue;
    seen(hit.locale);
    const tally = jsonTallies.get(hit.key) ?? { group: { ...hit.group, why: 'JSON locale files' }, locales: new Set<string>() };
    tally.locales.add(hit.locale);
    jsonTallies.set(hit.key, tally);
  }
  const md = markdownGroups(site, files.filter((f) => /\.mdx?$/.test(f)), vitepressRoot);
  const po = poGroups(files);
  for (const l of md.locales) seen(l);
  // A root locale without a folder (VitePress, Docusaurus, docs/): English unless the site says otherwise.
  const rootLocale = md.targets.size || md.groups.some((g) => g.target) ? (site === 'docusaurus' ? docusaurusLocale(root) : undefined) ?? 'en' : undefined;
  const sourceLocale = options.sourceLocale ?? chooseSource(counts, rootLocale ?? (po.groups.length ? 'en' : undefined));
  for (const l of [...md.targets, ...po.locales]) seen(l);
  const jsonGroups = [...jsonTallies.values()]
    .filter((t) => sourceLocale !== undefined && t.locales.has(sourceLocale))
    .map((t): ProposedGroup => ({ ...t.group, why: `JSON locale files (found: ${[...t.locales].sort().join(', ')})` }));
  const existingLocales = [...counts.keys()].filter((l) => l !== sourceLocale).sort();
  // Docusaurus and VitePress read `## Title {#slug}`: translated headings keep their anchors, so `#slug` links keep working
  // (VitePress makes its slugs its own way).
  const slugs = site === 'vitepress' ? { slugify: 'vitepress' } : {};
  const anchors = (site === 'docusaurus' || site === 'vitepress') && md.groups.length ? { formatOptions: { [formatOf('md')]: { headingIds: 'attribute', ...slugs } } } : {};
  return { site, sourceLocale, existingLocales, groups: [...jsonGroups, ...md.groups, ...po.groups], ...anchors };
}
