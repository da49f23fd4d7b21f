import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors/config-error.ts';
import { findConfig } from '../src/config/find-config.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { discover } from '../src/files/discover.ts';
import { runMain } from './helpers/run-main.ts';
import { scratchFiles } from './helpers/scratch-files.ts';

const repo = (files: Record<string, string>) => scratchFiles(files, 'tl-groups-');

const targets = (pairs: { source: string; target: string; locale: string }[]) => pairs.map((p) => `${p.source} → ${p.target} (${p.locale})`).sort();

describe('config search', () => {
  it('finds the config in the nearest folder above, or in package.json, and stops at the repository top', async () => {
    const dir = await repo({ '.git/HEAD': '', 'package.json': JSON.stringify({ name: 'x', 'translate-locales': { sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}.json' }] } }), 'src/deep/a.ts': '' });
    const found = await findConfig(path.join(dir, 'src/deep'));
    expect(found).toBe(path.join(dir, 'package.json'));
    const config = await loadConfig(found!);
    expect(config.root).toBe(dir);
    expect(config.targets.map((t) => t.locale)).toEqual(['de']);
    await writeFile(path.join(dir, 'src/translate-locales.config.json'), '{}');
    expect(await findConfig(path.join(dir, 'src/deep'))).toBe(path.join(dir, 'src/translate-locales.config.json'));
    const inner = await repo({ 'sub/.git/HEAD': '', 'translate-locales.config.json': '{}' });
    expect(await findConfig(path.join(inner, 'sub'))).toBeUndefined();
    await expect(loadConfig(path.join(await repo({ 'package.json': '{"name":"y"}' }), 'package.json'))).rejects.toThrow(ConfigError);
  });
});

describe('file groups: exclude, per-group locales, locale folder names', () => {
  it('skips excluded files and node_modules; {locale} in exclude stands for every configured locale', async () => {
    const dir = await repo({ 'docs/a.md': '', 'docs/CHANGELOG.md': '', 'docs/de/a.md': '', 'docs/fr/a.md': '', 'docs/node_modules/x/README.md': '', 'docs/gen/api.md': '' });
    const group = { format: 'markdown' as const, source: 'docs/**/*.md', target: 'docs/{locale}/{path}', exclude: ['docs/{locale}/**', '**/CHANGELOG.md', 'docs/gen/**'] };
    // --to de: fr/ is still a translation folder, not a source.
    const found = await discover(dir, [group], 'en', ['de'], { configLocales: ['de', 'fr'] });
    expect(found.errors).toEqual([]);
    expect(targets(found.pairs)).toEqual(['docs/a.md → docs/de/a.md (de)']);
  });

  it('translates a group into its own locales only, and refuses a locale the config does not name', async () => {
    const dir = await repo({ 'locales/en.json': '{}', 'docs/en/a.md': '' });
    const groups = [
      { format: 'json' as const, source: 'locales/{locale}.json' },
      { format: 'markdown' as const, source: 'docs/{locale}/**/*.md', targetLocales: ['ja'] },
    ];
    const found = await discover(dir, groups, 'en', ['de', 'ja']);
    expect(targets(found.pairs)).toEqual(['docs/en/a.md → docs/ja/a.md (ja)', 'locales/en.json → locales/de.json (de)', 'locales/en.json → locales/ja.json (ja)']);
    const file = path.join(dir, 'translate-locales.config.json');
    await writeFile(file, JSON.stringify({ sourceLocale: 'en', targetLocales: ['de'], files: [{ ...groups[1], targetLocales: ['fr'] }] }));
    await expect(loadConfig(file)).rejects.toThrow(/files\.0\.targetLocales: "fr" not in targetLocales/);
  });

  it('maps locales to folder names on disk (zh-Hans → zh_CN), source included', async () => {
    const dir = await repo({ 'locales/en_US/app.json': '{}', 'po/de_DE/LC_MESSAGES/app.po': 'msgid ""\nmsgstr ""\n' });
    const mapping = { 'zh-Hans': 'zh_CN', en: 'en_US', de: 'de_DE' };
    const found = await discover(dir, [{ format: 'json', source: 'locales/{locale}/*.json' }, { format: 'po', source: 'po/*/LC_MESSAGES/*.po' }], 'en', ['zh-Hans', 'de'], { localeMapping: mapping });
    expect(targets(found.pairs)).toEqual([
      'locales/en_US/app.json → locales/de_DE/app.json (de)',
      'locales/en_US/app.json → locales/zh_CN/app.json (zh-Hans)',
      'po/de_DE/LC_MESSAGES/app.po → po/de_DE/LC_MESSAGES/app.po (de)',
    ]);
    const file = path.join(dir, 'translate-locales.config.json');
    await writeFile(file, JSON.stringify({ sourceLocale: 'en', targetLocales: ['de', 'fr'], localeMapping: { fr: 'de' }, files: [{ format: 'json', source: 'locales/{locale}/*.json' }] }));
    await expect(loadConfig(file)).rejects.toThrow(/share the folder name "de"/);
    await writeFile(file, JSON.stringify({ sourceLocale: 'en', targetLocales: ['de'], localeMapping: { de: '../x' }, files: [{ format: 'json', source: 'locales/{locale}/*.json' }] }));
    await expect(loadConfig(file)).rejects.toThrow(/localeMapping/);
  });

  it('translations beside their sources (docs/<locale>/) are no overlap once the group excludes them, as init proposes', async () => {
    const group = { format: 'markdown', source: 'docs/**/*.md', target: 'docs/{locale}/{path}' };
    const config = (g: Record<string, unknown>) => JSON.stringify({ sourceLocale: 'en', targetLocales: ['de', 'ja'], files: [g], provider: { name: 'pseudo' } });
    const dir = await repo({ 'docs/api.md': '# API\n', 'docs/guide/start.md': 'Start here.\n' });
    await writeFile(path.join(dir, 'translate-locales.config.json'), config(group));
    const refused = await runMain(['--check', '--config', path.join(dir, 'translate-locales.config.json')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/its own source pattern matches/);
    await writeFile(path.join(dir, 'translate-locales.config.json'), config({ ...group, exclude: ['docs/{locale}/**'] }));
    const check = await runMain(['--check', '--config', path.join(dir, 'translate-locales.config.json')]);
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/^missing: docs\/de\/api.md: missing$/m);
    expect(check.stdout).toMatch(/^missing: docs\/ja\/guide\/start.md: missing$/m);
    expect(check.code).toBe(1);
  });
});
