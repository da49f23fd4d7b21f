import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.ts';
import { targetPath } from '../src/files/discover.ts';

// Where each source file's translation goes, directly: the {locale} position, or the group's target template.

function target(source: string, group: { source: string; target?: string; format?: 'json' | 'markdown' }, locale = 'de', sourceLocale = 'en'): string {
  const config = configSchema.parse({ sourceLocale, targetLocales: [locale], files: [{ format: 'json', ...group }] });
  return targetPath(config.files[0], source, sourceLocale, locale);
}

describe('targetPath', () => {
  it('puts the locale where {locale} stands: a folder, a file name, part of a name, after a **', () => {
    expect(target('locales/en/common.json', { source: 'locales/{locale}/*.json' })).toBe('locales/de/common.json');
    expect(target('locales/en.json', { source: 'locales/{locale}.json' })).toBe('locales/de.json');
    expect(target('i18n/messages.en.json', { source: 'i18n/messages.{locale}.json' })).toBe('i18n/messages.de.json');
    expect(target('docs/en/guide/intro.md', { source: 'docs/{locale}/**/*.md', format: 'markdown' })).toBe('docs/de/guide/intro.md');
    expect(target('app/i18n/en/messages.json', { source: '**/{locale}/*.json' })).toBe('app/i18n/de/messages.json');
    expect(target('locales/en/a.json', { source: './locales/{locale}/*.json' })).toBe('locales/de/a.json');
  });

  it('without {locale}: the path part named after the source locale', () => {
    expect(target('i18n/en.json', { source: 'i18n/*.json' }, 'ja')).toBe('i18n/ja.json');
    expect(target('po/en/app.json', { source: 'po/*/app.json' }, 'pt-BR')).toBe('po/pt-BR/app.json');
  });

  it('follows a target template: {path} below the static part of the source, {dir}, {name}', () => {
    expect(target('docs/guide/a.md', { source: 'docs/**/*.md', target: 'i18n/{locale}/current/{path}', format: 'markdown' })).toBe('i18n/de/current/guide/a.md');
    expect(target('strings/sub/app.json', { source: 'strings/**/*.json', target: 'out/{locale}/{dir}/{name}.json' })).toBe('out/de/sub/app.json');
    expect(target('strings/app.json', { source: 'strings/**/*.json', target: 'out/{locale}/{dir}/{name}.json' })).toBe('out/de/app.json');
    expect(target('docs/en/x.md', { source: 'docs/{locale}/*.md', target: 'site/{locale}/{path}', format: 'markdown' })).toBe('site/de/x.md');
  });

  it('asks for a target when neither {locale} nor the source locale says where the translation goes', () => {
    expect(() => target('strings/app.json', { source: 'strings/*.json' })).toThrow(/cannot derive a target path from "strings\/app.json": add "target" to its file group/);
  });
});
