import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectProject } from '../src/init/detect-project.ts';
import { runMain } from './helpers/run-main.ts';
import { scratchFiles } from './helpers/scratch-files.ts';
import { startTestRedis } from './helpers/test-redis.ts';

let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

/** A scratch repository with the given files (path → content). */
const repo = (files: Record<string, string>) => scratchFiles(files, 'tl-init-');

const POT = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello"\nmsgstr ""\n';

describe('init: detecting a layout', () => {
  it('Docusaurus: docs and blog into i18n/<locale>/…, its own JSON left alone, defaultLocale read', async () => {
    const dir = await repo({
      'docusaurus.config.js': "export default { i18n: { defaultLocale: 'en', locales: ['en', 'fr'] } };",
      'docs/intro.md': '# Intro\n',
      'docs/api/client.mdx': '# Client\n',
      'blog/2026-01-01-hello.md': '# Hello\n',
      'i18n/fr/code.json': '{}',
      'i18n/fr/docusaurus-plugin-content-docs/current/intro.md': '# Intro\n',
      'node_modules/pkg/README.md': '# not ours\n',
    });
    const d = await detectProject(dir);
    expect(d.site).toBe('docusaurus');
    expect(d.sourceLocale).toBe('en');
    expect(d.existingLocales).toEqual(['fr']);
    expect(d.groups.map((g) => [g.format, g.source, g.target])).toEqual([
      ['markdown', 'docs/**/*.{md,mdx}', 'i18n/{locale}/docusaurus-plugin-content-docs/current/{path}'],
      ['markdown', 'blog/**/*.{md,mdx}', 'i18n/{locale}/docusaurus-plugin-content-blog/{path}'],
    ]);
  });

  it('VitePress: root locale in docs/, translations beside it, their folders excluded', async () => {
    const dir = await repo({ 'docs/.vitepress/config.mts': 'export default {}', 'docs/index.md': '# Home\n', 'docs/guide/a.md': '# A\n', 'docs/ja/guide/a.md': '# A\n' });
    const d = await detectProject(dir);
    expect(d.site).toBe('vitepress');
    expect(d.sourceLocale).toBe('en');
    expect(d.existingLocales).toEqual(['ja']);
    expect(d.groups).toMatchObject([{ format: 'markdown', source: 'docs/**/*.md', target: 'docs/{locale}/{path}', exclude: ['docs/{locale}/**'] }]);
  });

  it('Next.js with next-i18next public/locales, and locale files named by locale', async () => {
    const dir = await repo({
      'next.config.js': 'module.exports = {}',
      'public/locales/en/common.json': '{"a":"A"}',
      'public/locales/de/common.json': '{"a":"A"}',
      'src/i18n/en.json': '{"b":"B"}',
      'src/i18n/pt-BR.json': '{"b":"B"}',
      'package.json': '{"name":"x"}',
    });
    const d = await detectProject(dir);
    expect(d.site).toBe('next');
    expect(d.sourceLocale).toBe('en');
    expect(d.existingLocales).toEqual(['de', 'pt-BR']);
    expect(d.groups.map((g) => g.source)).toEqual(['public/locales/{locale}/**/*.json', 'src/i18n/{locale}.json']);
  });

  it('gettext: a template with catalogues beside it; Django catalogues in place', async () => {
    const gnu = await detectProject(await repo({ 'po/hello.pot': POT, 'po/de.po': POT, 'po/fr.po': POT }));
    expect(gnu.groups).toMatchObject([{ format: 'po', source: 'po/hello.pot', target: 'po/{locale}.po' }]);
    expect(gnu.existingLocales).toEqual(['de', 'fr']);
    const django = await detectProject(await repo({ 'app/locale/de/LC_MESSAGES/django.po': POT, 'app/locale/ru/LC_MESSAGES/django.po': POT }));
    expect(django.groups).toMatchObject([{ format: 'po', source: 'app/locale/*/LC_MESSAGES/*.po' }]);
    expect(django.existingLocales).toEqual(['de', 'ru']);
  });
});

describe('translate-locales init', () => {
  it('writes a config that runs, and never overwrites one', async () => {
    const dir = await repo({ 'locales/en/common.json': '{"hello":"Hello"}\n', 'locales/de/common.json': '{}\n', 'docs/en/guide.md': '# Guide\n\nText.\n' });
    const first = await runMain(['init', '--yes', '--provider', 'pseudo', '--to', 'de,ja'], { cwd: dir });
    expect(first.stderr).toContain('Wrote');
    expect(first.code).toBe(0);
    const config = JSON.parse(await readFile(path.join(dir, 'translate-locales.config.json'), 'utf8')) as { targetLocales: string[]; files: { source: string }[] };
    expect(config.targetLocales).toEqual(['de', 'ja']);
    expect(config.files.map((f) => f.source)).toEqual(['locales/{locale}/**/*.json', 'docs/{locale}/**/*.{md,mdx}']);
    // Found from a subfolder, as git finds its repository.
    const run = await runMain([], { cwd: path.join(dir, 'docs/en'), env: { REDIS_URL: redis.url } });
    expect(run.stdout).toContain('Done');
    expect(JSON.parse(await readFile(path.join(dir, 'locales/ja/common.json'), 'utf8'))).toHaveProperty('hello');
    expect(existsSync(path.join(dir, 'docs/ja/guide.md'))).toBe(true);
    const before = await readFile(path.join(dir, 'translate-locales.config.json'), 'utf8');
    const again = await runMain(['init', '--yes', '--to', 'fr'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('never overwrites');
    expect(await readFile(path.join(dir, 'translate-locales.config.json'), 'utf8')).toBe(before);
  });

  it('VitePress and Docusaurus: the config keeps heading anchors, so `#slug` links still reach translated headings', async () => {
    const page = "# Getting Started\n\n## Installation\n\nSee [Setup Wizard](#setup-wizard).\n\n### Setup Wizard\n\nRun it.\n\n## What's Next?\n";
    const dir = await repo({ 'docs/.vitepress/config.mts': 'export default {}', 'docs/guide/getting-started.md': page });
    expect((await runMain(['init', '--yes', '--provider', 'pseudo', '--to', 'ja'], { cwd: dir })).code).toBe(0);
    const config = JSON.parse(await readFile(path.join(dir, 'translate-locales.config.json'), 'utf8')) as Record<string, unknown>;
    expect(config.markdown).toEqual({ headingIds: 'attribute', slugify: 'vitepress' });
    const run = await runMain([], { cwd: dir, env: { REDIS_URL: redis.url } });
    expect(run.code).toBe(0);
    const ja = await readFile(path.join(dir, 'docs/ja/guide/getting-started.md'), 'utf8');
    expect(ja).toMatch(/^## .* \{#installation\}$/m);
    expect(ja).toMatch(/^### .* \{#setup-wizard\}$/m);
    expect(ja).toContain('(#setup-wizard)');
    expect(ja).toMatch(/^## .* \{#what-s-next\}$/m);
    const docusaurus = await repo({ 'docusaurus.config.js': 'export default {}', 'docs/intro.md': '# Intro\n' });
    const shown = await runMain(['init', '--to', 'fr'], { cwd: docusaurus });
    expect(JSON.parse(shown.stdout).markdown).toEqual({ headingIds: 'attribute' });
    // Plain Markdown on GitHub has no such syntax: none proposed.
    const plain = await repo({ 'docs/en/guide.md': '# Guide\n' });
    expect(JSON.parse((await runMain(['init', '--to', 'de'], { cwd: plain })).stdout)).not.toHaveProperty('markdown');
  });

  it('without --yes and no terminal: prints the proposal, writes nothing; no locales and none given: says --to', async () => {
    const dir = await repo({ 'locales/en.json': '{"a":"A"}\n' });
    const shown = await runMain(['init', '--to', 'de'], { cwd: dir });
    expect(shown.code).toBe(1);
    expect(JSON.parse(shown.stdout)).toMatchObject({ sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}.json' }] });
    expect(existsSync(path.join(dir, 'translate-locales.config.json'))).toBe(false);
    const none = await runMain(['init', '--yes'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--to');
    const bad = await runMain(['init', '--yes', '--to', 'de-/../../x'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(existsSync(path.join(dir, 'translate-locales.config.json'))).toBe(false);
  });
});
