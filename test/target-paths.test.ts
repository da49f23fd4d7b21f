import { describe, expect, it } from 'vitest';
import { discover, targetPath } from '../src/files/discover.ts';
import { group, targets } from './helpers/discover-targets.ts';
import { scratchFiles } from './helpers/scratch-files.ts';

// Where discovery puts each source file's translation, straight from the functions: no config file, no process.
// What it refuses (outside the project, links, overlaps) is in target-refusals.test.ts.

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
