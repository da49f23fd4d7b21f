import { mkdir, mkdtemp, realpath, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.ts';
import type { FileGroup } from '../src/config/schema.ts';
import { discover, targetPath, type DiscoverOptions } from '../src/files/discover.ts';
import { ProjectPath } from '../src/files/project-path.ts';
import { refuseOverlaps } from '../src/files/target-overlaps.ts';
import { scratchFiles } from './helpers/scratch-files.ts';

// Where discovery puts each source file's translation, straight from the functions: no config file, no process.

const group = (source: string, more: Partial<FileGroup> = {}): FileGroup => ({ format: 'json', source, ...more });

/** source → target per locale, and the errors, for a project of (empty) files. */
async function targets(files: readonly string[], groups: FileGroup[], locales: string[], options: DiscoverOptions & { sourceLocale?: string } = {}) {
  const root = await scratchFiles(Object.fromEntries(files.map((f) => [f, f.endsWith('.po') ? '' : '{}'])), 'tl-targets-');
  const found = await discover(root, groups, options.sourceLocale ?? 'en', locales, options);
  return { root, pairs: found.pairs.map((p) => `${p.locale}: ${p.source} → ${p.target}`), errors: found.errors.map((e) => `${e.source}: ${e.message}`), found };
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

describe('targetPath: a source file and a locale give one target path', () => {
  it('replaces {locale} where the pattern has it: a folder, a file name, after **', () => {
    expect(targetPath(group('locales/{locale}.json'), 'locales/en.json', 'en', 'de')).toBe('locales/de.json');
    expect(targetPath(group('./locales/{locale}/*.json'), 'locales/en/app.json', 'en', 'de')).toBe('locales/de/app.json');
    expect(targetPath(group('docs/{locale}/**/*.md'), 'docs/en/guide/deep/intro.md', 'en', 'pt-BR')).toBe('docs/pt-BR/guide/deep/intro.md');
    expect(targetPath(group('docs/**/{locale}/*.md'), 'docs/a/b/en/x.md', 'en', 'de')).toBe('docs/a/b/de/x.md');
    expect(targetPath(group('src/**/messages.{locale}.json'), 'src/a/messages.en.json', 'en', 'de')).toBe('src/a/messages.de.json');
  });

  it('replaces the locale where the pattern puts it in a name, not where it happens to occur earlier', () => {
    expect(targetPath(group('strings/*.{locale}.json'), 'strings/general.en.json', 'en', 'de')).toBe('strings/general.de.json');
    expect(targetPath(group('strings/*-{locale}.json'), 'strings/content-en.json', 'en', 'de')).toBe('strings/content-de.json');
    expect(targetPath(group('docs/**/*.{locale}.md'), 'docs/enterprise/content.en.md', 'en', 'de')).toBe('docs/enterprise/content.de.md');
    expect(targetPath(group('strings/{locale}-*.json'), 'strings/en-entry.json', 'en', 'de')).toBe('strings/de-entry.json');
  });

  it('only touches the part the pattern marks: a folder named like the source locale elsewhere stays', () => {
    expect(targetPath(group('en/locales/{locale}.json'), 'en/locales/en.json', 'en', 'de')).toBe('en/locales/de.json');
  });

  it('fills a target template: {locale}, {path} below the static folder, {dir}, {name}', () => {
    expect(targetPath(group('docs/**/*.md', { target: 'i18n/{locale}/{path}' }), 'docs/guide/intro.md', 'en', 'de')).toBe('i18n/de/guide/intro.md');
    expect(targetPath(group('./docs/**/*.md', { target: './i18n/{locale}/{dir}/{name}.mdx' }), 'docs/guide/intro.md', 'en', 'de')).toBe('i18n/de/guide/intro.mdx');
    // A file at the top of the static folder has no {dir}: no empty folder name, no leading slash.
    expect(targetPath(group('docs/**/*.md', { target: 'i18n/{locale}/{dir}/{name}.mdx' }), 'docs/intro.md', 'en', 'de')).toBe('i18n/de/intro.mdx');
    expect(targetPath(group('po/messages.pot', { target: 'po/{locale}.po' }), 'po/messages.pot', 'en', 'de')).toBe('po/de.po');
    // {locale} in the source is a static folder too: {path} is below it.
    expect(targetPath(group('strings/{locale}/**/*.json', { target: 'out/{locale}/{path}' }), 'strings/en/a/b.json', 'en', 'ja')).toBe('out/ja/a/b.json');
  });

  it('a template that starts with {dir} puts a file at the top of the static folder beside it, not at the file system root', () => {
    const beside = group('**/*.md', { format: 'markdown', target: '{dir}/{name}.{locale}.md', exclude: ['**/*.*.md'] });
    expect(targetPath(beside, 'README.md', 'en', 'de')).toBe('README.de.md');
    expect(targetPath(beside, 'docs/guide.md', 'en', 'de')).toBe('docs/guide.de.md');
    expect(targetPath(group('docs/**/*.md', { target: '{dir}/{name}.{locale}.md' }), 'docs/intro.md', 'en', 'de')).toBe('intro.de.md');
  });

  it('without {locale} or a target, falls back to a path part named after the source locale, else refuses', () => {
    expect(targetPath(group('x/*.json'), 'x/en.json', 'en', 'de')).toBe('x/de.json');
    expect(targetPath(group('x/**/*.json'), 'x/en/a.json', 'en', 'de')).toBe('x/de/a.json');
    expect(thrown(() => targetPath(group('x/*.json'), 'x/foo.json', 'en', 'de')).message).toBe('cannot derive a target path from "x/foo.json": add "target" to its file group');
  });
});

describe('discover: pairs per locale', () => {
  it('pairs every source with each locale, in a stable order', async () => {
    const { pairs, errors } = await targets(['locales/en/b.json', 'locales/en/a.json', 'locales/de/a.json'], [group('locales/{locale}/*.json')], ['de', 'fr']);
    expect(errors).toEqual([]);
    // The German file is a target, not a source: `{locale}` in `source` stands for the source locale only.
    expect(pairs).toEqual(['de: locales/en/a.json → locales/de/a.json', 'fr: locales/en/a.json → locales/fr/a.json', 'de: locales/en/b.json → locales/de/b.json', 'fr: locales/en/b.json → locales/fr/b.json']);
  });

  it('localeMapping names folders and files on disk; pairs keep the locale codes', async () => {
    const mapping = { en: 'en_US', 'zh-Hans': 'zh_CN' };
    const { pairs, errors } = await targets(['locales/en_US.json', 'docs/en_US/a.md', 'locales/en.json'], [group('locales/{locale}.json'), group('docs/{locale}/*.md', { format: 'markdown' })], ['zh-Hans', 'de'], { localeMapping: mapping });
    expect(errors).toEqual([]);
    expect(pairs).toEqual([
      'zh-Hans: locales/en_US.json → locales/zh_CN.json',
      'de: locales/en_US.json → locales/de.json',
      'zh-Hans: docs/en_US/a.md → docs/zh_CN/a.md',
      'de: docs/en_US/a.md → docs/de/a.md',
    ]);
  });

  it('a group with targetLocales gets only those of the run', async () => {
    const { pairs } = await targets(['a/en.json', 'b/en.json'], [group('a/{locale}.json', { targetLocales: ['fr'] }), group('b/{locale}.json')], ['de', 'fr']);
    expect(pairs).toEqual(['fr: a/en.json → a/fr.json', 'de: b/en.json → b/de.json', 'fr: b/en.json → b/fr.json']);
    // `--to de`: the group's French is not part of this run, and it has nothing else.
    const onlyDe = await targets(['a/en.json'], [group('a/{locale}.json', { targetLocales: ['fr'] })], ['de']);
    expect(onlyDe.pairs).toEqual([]);
  });

  it('exclude with {locale} skips every locale folder, those of locales not in this run too', async () => {
    const files = ['docs/intro.md', 'docs/guide/a.md', 'docs/de/intro.md', 'docs/fr/intro.md', 'docs/pt_BR/intro.md', 'docs/CHANGELOG.md'];
    const docs = group('docs/**/*.md', { format: 'markdown', target: 'docs/{locale}/{path}', exclude: ['docs/{locale}/**', '**/CHANGELOG.md'] });
    const { pairs, errors } = await targets(files, [docs], ['de'], { configLocales: ['de', 'fr', 'pt-BR'], localeMapping: { 'pt-BR': 'pt_BR' } });
    expect(errors).toEqual([]);
    expect(pairs).toEqual(['de: docs/guide/a.md → docs/de/guide/a.md', 'de: docs/intro.md → docs/de/intro.md']);
  });

  it('excludes match what the group would find later too (isSource)', async () => {
    const docs = group('docs/**/*.md', { format: 'markdown', target: 'docs/{locale}/{path}', exclude: ['docs/{locale}/**'] });
    const { found } = await targets(['docs/a.md'], [docs], ['de']);
    expect(found.isSource[0]('docs/new.md')).toBe(true);
    expect(found.isSource[0]('docs/de/new.md')).toBe(false);
    expect(found.isSource[0]('node_modules/x.md')).toBe(false);
  });

  it('translations beside their sources: README.md → README.de.md, at the top and below', async () => {
    const beside = group('**/*.md', { format: 'markdown', target: '{dir}/{name}.{locale}.md', exclude: ['**/*.*.md'] });
    const { pairs, errors } = await targets(['README.md', 'README.fr.md', 'docs/guide.md'], [beside], ['de', 'fr']);
    expect(errors).toEqual([]);
    expect(pairs).toEqual(['de: README.md → README.de.md', 'fr: README.md → README.fr.md', 'de: docs/guide.md → docs/guide.de.md', 'fr: docs/guide.md → docs/guide.fr.md']);
  });

  it('never takes node_modules or .git for sources', async () => {
    const { pairs } = await targets(['src/en.json', 'src/node_modules/p/en.json', 'src/.git/en.json'], [group('src/**/{locale}.json')], ['de']);
    expect(pairs).toEqual(['de: src/en.json → src/de.json']);
  });
});

describe('discover: catalogues filled in place', () => {
  const header = (language: string) => `msgid ""\nmsgstr ""\n"Language: ${language}\\n"\n`;

  it('each catalogue is its own target, its locale from its path (or mapped folder) or its Language header', async () => {
    const root = await scratchFiles({
      'locale/de/LC_MESSAGES/app.po': header('de'),
      'locale/pt_BR/LC_MESSAGES/app.po': '',
      'po/x.po': header('fr'),
      'po/y.po': header('it'),
      'po/z.po': 'msgid ""\nmsgstr ""\n',
    });
    const groups = [group('locale/*/LC_MESSAGES/*.po', { format: 'po' }), group('po/*.po', { format: 'po' })];
    const found = await discover(root, groups, 'en', ['de', 'pt-BR', 'fr'], { localeMapping: { 'pt-BR': 'pt_BR' } });
    expect(found.pairs.map((p) => `${p.locale}: ${p.source} → ${p.target}`)).toEqual([
      'de: locale/de/LC_MESSAGES/app.po → locale/de/LC_MESSAGES/app.po',
      'pt-BR: locale/pt_BR/LC_MESSAGES/app.po → locale/pt_BR/LC_MESSAGES/app.po',
      'fr: po/x.po → po/x.po',
    ]);
    // Italian is not a target locale: skipped quietly. No locale anywhere: said so.
    expect(found.errors).toEqual([{ source: 'po/z.po', message: 'cannot tell the locale of this catalogue: give it a Language header or put the locale in its path' }]);
  });

  it('a template with a target is not in place', async () => {
    const { pairs } = await targets(['po/messages.pot'], [group('po/messages.pot', { format: 'po', target: 'po/{locale}.po' })], ['de']);
    expect(pairs).toEqual(['de: po/messages.pot → po/de.po']);
  });
});

describe('discover: targets that would land outside the project', () => {
  it('refuses a target template that climbs out with ..', async () => {
    const { pairs, errors } = await targets(['docs/a.md'], [group('docs/*.md', { format: 'markdown', target: '../out/{locale}/{path}' })], ['de']);
    expect(pairs).toEqual([]);
    expect(errors).toEqual(['docs/a.md: target "../out/de/a.md" is outside the project folder; skipped']);
  });

  it('refuses a target template that climbs out after going in', async () => {
    const { errors } = await targets(['docs/a.md'], [group('docs/*.md', { format: 'markdown', target: 'i18n/../../{locale}/{path}' })], ['de']);
    expect(errors).toEqual(['docs/a.md: target "../de/a.md" is outside the project folder; skipped']);
  });

  it('refuses an absolute target', async () => {
    const { pairs, errors } = await targets(['docs/a.md'], [group('docs/*.md', { format: 'markdown', target: '/tmp/tl-out/{locale}/{path}' })], ['de']);
    expect(pairs).toEqual([]);
    expect(errors).toEqual(['docs/a.md: target "/tmp/tl-out/de/a.md" is outside the project folder; skipped']);
  });

  it('takes a folder whose name starts with two dots for a folder, not for a way out', async () => {
    const { pairs, errors } = await targets(['..i18n/en/a.json'], [group('..i18n/{locale}/*.json')], ['de']);
    expect(errors).toEqual([]);
    expect(pairs).toEqual(['de: ..i18n/en/a.json → ..i18n/de/a.json']);
  });

  it('refuses a target whose folder is a symbolic link out of the project, and only that locale', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'tl-outside-'));
    const root = await scratchFiles({ 'locales/en.json': '{}' });
    await symlink(outside, path.join(root, 'locales-de'));
    const found = await discover(root, [group('locales/{locale}.json', { target: 'locales-{locale}/app.json' })], 'en', ['de', 'fr']);
    expect(found.pairs.map((p) => p.target)).toEqual(['locales-fr/app.json']);
    expect(found.errors).toEqual([{ source: 'locales/en.json', message: `target "locales-de/app.json" leads out of the project folder through the symbolic link "locales-de" (to ${await realpath(outside)}); skipped` }]);
  });

  it('allows a symbolic link that stays inside the project', async () => {
    const root = await scratchFiles({ 'locales/en.json': '{}' });
    await mkdir(path.join(root, 'shared/de'), { recursive: true });
    await symlink(path.join(root, 'shared/de'), path.join(root, 'locales/de'));
    const found = await discover(root, [group('locales/{locale}.json', { target: 'locales/{locale}/app.json' })], 'en', ['de']);
    expect(found.errors).toEqual([]);
    expect(found.pairs.map((p) => p.target)).toEqual(['locales/de/app.json']);
  });

  it('refuses a source that is a symbolic link out of the project', async () => {
    const outside = await scratchFiles({ 'secret.json': '{"a": "b"}' }, 'tl-outside-');
    const root = await scratchFiles({ 'locales/en/a.json': '{}' });
    await symlink(path.join(outside, 'secret.json'), path.join(root, 'locales/en/b.json'));
    const found = await discover(root, [group('locales/{locale}/*.json')], 'en', ['de']);
    expect(found.pairs.map((p) => p.source)).toEqual(['locales/en/a.json']);
    expect(found.errors).toEqual([{ source: 'locales/en/b.json', message: 'resolves outside the project folder (symbolic link); skipped' }]);
  });

  it('refuses a target that is the source itself, or another source\'s target', async () => {
    const self = await targets(['a/en.json'], [group('a/*.json', { target: 'a/en.json' })], ['de']);
    expect(self.errors).toEqual(['a/en.json: target for de is the source file itself; add "target" to its file group']);
    const shared = await targets(['a/x.json', 'a/y.json'], [group('a/*.json', { target: 'out/{locale}.json' })], ['de']);
    expect(shared.pairs).toEqual(['de: a/x.json → out/de.json']);
    expect(shared.errors).toEqual(['a/y.json: target "out/de.json" is also the target of a/x.json; skipped']);
  });
});

describe('the config refuses, before discovery, a path that cannot stay inside', () => {
  async function refusal(change: Record<string, unknown>): Promise<Error> {
    const config = { sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'a/{locale}.json' }], ...change };
    const root = await scratchFiles({ 'translate-locales.config.json': JSON.stringify(config) }, 'tl-config-');
    return loadConfig(path.join(root, 'translate-locales.config.json'), {}, {}).then(
      () => new Error('accepted'),
      (error: Error) => error,
    );
  }

  it('an absolute source or target, Windows spelling too', async () => {
    for (const [key, value] of [['target', '/srv/out/{locale}.json'], ['target', 'C:\\out\\{locale}.json'], ['source', '/etc/{locale}.json']]) {
      const error = await refusal({ files: [{ format: 'json', source: 'a/{locale}.json', [key]: value }] });
      expect(error.name).toBe('ConfigError');
      expect(error.message).toContain(`files[0].${key} "${value}" is an absolute path`);
    }
  });

  it('a memory folder or glossary outside the project', async () => {
    expect((await refusal({ memory: { dir: '../memory' } })).message).toMatch(/memory\.dir "\.\.\/memory" is outside the project folder/);
    expect((await refusal({ glossary: '/etc/passwd' })).message).toMatch(/glossary "\/etc\/passwd" is outside the project folder/);
    expect((await refusal({ memory: { dir: '..memory' } })).message).toBe('accepted');
  });
});

describe('ProjectPath.escape', () => {
  it('says why a path leads out, and nothing for one that stays in', async () => {
    const root = await scratchFiles({ 'a/b.json': '{}' });
    await symlink('/nonexistent-tl-target', path.join(root, 'dangling'));
    const project = await ProjectPath.of(root);
    expect(await project.escape('a/b.json')).toBeUndefined();
    expect(await project.escape('a/not/yet/there.json')).toBeUndefined();
    expect(await project.escape('a/../c.json')).toBeUndefined();
    expect(await project.escape('../c.json')).toBe('"../c.json" is outside the project folder');
    expect(await project.escape('/etc/passwd')).toBe('"/etc/passwd" is outside the project folder');
    // A name that merely starts with two dots is inside.
    expect(await project.escape('..cache/de.json')).toBeUndefined();
    expect(await project.escape('a/..b')).toBeUndefined();
    expect(await project.escape('dangling/x.json')).toBe('"dangling/x.json" leads out of the project folder through the symbolic link "dangling", which leads nowhere');
  });
});

describe('refuseOverlaps: a target must never be something else the run needs', () => {
  async function refusal(groups: FileGroup[], files: string[], protect: { glossary?: string } = {}): Promise<Error | undefined> {
    const root = await scratchFiles(Object.fromEntries(files.map((f) => [f, '{}'])), 'tl-overlap-');
    const found = await discover(root, groups, 'en', ['de']);
    try {
      refuseOverlaps(groups, found.isSource, found.pairs, { root, configPath: path.join(root, 'translate-locales.config.json'), memoryDir: '.translate-locales', ...protect });
      return undefined;
    } catch (error) {
      return error as Error;
    }
  }

  it('passes targets that overlap nothing', async () => {
    expect(await refusal([group('a/{locale}.json'), group('b/{locale}.json')], ['a/en.json', 'b/en.json'])).toBeUndefined();
  });

  it("refuses another group's source, found now or matched by its pattern later", async () => {
    const now = await refusal([group('a/*.json', { target: 'b/{locale}.json' }), group('b/*.json', { target: 'c/{locale}.json' })], ['a/x.json', 'b/de.json']);
    expect(now?.name).toBe('ConfigError');
    expect(now?.message).toBe('files[0] ("a/*.json") writes "b/de.json", which is a source of files[1] ("b/*.json")');
    const later = await refusal([group('a/*.json', { target: 'b/{locale}.json' }), group('b/*.json', { target: 'c/{locale}.json' })], ['a/x.json']);
    expect(later?.message).toBe('files[0] ("a/*.json") writes "b/de.json", which is a source of files[1] ("b/*.json")');
  });

  it('refuses a target its own pattern matches', async () => {
    const error = await refusal([group('docs/**/*.json', { target: 'docs/{locale}/{path}' })], ['docs/a.json']);
    expect(error?.message).toBe('files[0] ("docs/**/*.json") writes "docs/de/a.json", which its own source pattern matches: give it a "target" outside "docs/**/*.json"');
  });

  it('refuses the config file, the glossary and the memory folder', async () => {
    expect((await refusal([group('a/*.json', { target: 'translate-locales.config.json' })], ['a/x.json']))?.message).toBe('files[0] ("a/*.json") writes "translate-locales.config.json", which is the config file');
    expect((await refusal([group('a/*.json', { target: '{locale}.json' })], ['a/x.json'], { glossary: 'de.json' }))?.message).toBe('files[0] ("a/*.json") writes "de.json", which is the glossary');
    expect((await refusal([group('a/*.json', { target: '.translate-locales/{locale}.json' })], ['a/x.json']))?.message).toBe(
      'files[0] ("a/*.json") writes ".translate-locales/de.json", which is inside the translation memory folder ".translate-locales"',
    );
  });
});
