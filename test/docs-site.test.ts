import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownFormat } from '../src/formats/markdown/markdown-format.ts';
import { DEFAULT_FRONT_MATTER_KEYS } from '../src/formats/markdown/front-matter-keys.ts';
import type { MarkdownOptions } from '../src/formats/markdown/markdown-options.ts';
import { restore } from '../src/segments/placeholders.ts';
import { pseudoLocalise } from '../src/providers/pseudo-provider.ts';
import { scratchProject } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { targetContext } from './helpers/target-context.ts';
import { startTestRedis } from './helpers/test-redis.ts';

const target = targetContext('de');
const options = (markdown: Partial<MarkdownOptions> = {}): MarkdownOptions => ({ frontMatterKeys: DEFAULT_FRONT_MATTER_KEYS, headingIds: 'none', ...markdown });

/** Renders `text` with every unit through `translate` (its protected text, tokens restored). */
function render(text: string, translate: (s: string) => string, markdown: Partial<MarkdownOptions> = {}, file = 'page.md'): string {
  const doc = markdownFormat.parse({ path: file, text, options: options(markdown) });
  return markdownFormat.render(doc, target, (unit) => restore(unit.protected, translate(unit.protected.text)));
}

const VITEPRESS_HOME = `---
layout: home
hero:
  name: Acme
  text: Builds in seconds
  tagline: Fast builds for everyone
  actions:
    - theme: brand
      text: Get started
      link: /guide/
features:
  - title: Quick
    details: It is really quick.
  - icon: 🛠️
    title: Small
    details: It is tiny.
---
`;

describe('docs-site conventions', () => {
  it('translates nested front matter of a VitePress home page, and only the configured keys', () => {
    const out = render(VITEPRESS_HOME, (s) => s.toUpperCase());
    expect(out).toContain('  name: Acme\n');
    expect(out).toContain('  text: BUILDS IN SECONDS\n');
    expect(out).toContain('  tagline: FAST BUILDS FOR EVERYONE\n');
    expect(out).toContain('      text: GET STARTED\n      link: /guide/\n');
    expect(out).toContain('  - title: QUICK\n    details: IT IS REALLY QUICK.\n');
    expect(out).toContain('  - icon: 🛠️\n    title: SMALL\n    details: IT IS TINY.\n');
    expect(out).toContain('layout: home\n');
    const doc = markdownFormat.parse({ path: 'index.md', text: VITEPRESS_HOME, options: options({ frontMatterKeys: ['features[].title'] }) });
    expect(markdownFormat.units(doc, target).map((u) => [u.id, u.source])).toEqual([
      ['front-matter:features[0].title', 'Quick'],
      ['front-matter:features[1].title', 'Small'],
    ]);
  });

  it("translates a VitePress home page's feature link texts and hero image alt by default", () => {
    const home = '---\nlayout: home\nhero:\n  name: Acme\n  image:\n    src: /logo.svg\n    alt: The Acme logo\nfeatures:\n  - title: Quick\n    details: It is really quick.\n    link: /guide/\n    linkText: Learn more\n---\n';
    const out = render(home, (s) => s.toUpperCase());
    expect(out).toContain('    alt: THE ACME LOGO\n');
    expect(out).toContain('    link: /guide/\n    linkText: LEARN MORE\n');
    expect(out).toContain('    src: /logo.svg\n');
  });

  it('keeps heading anchors as {#slug} when asked, and never translates an explicit id', () => {
    const text = '# Install the tool\n\nSee [installing](#install-the-tool).\n\n## Install the tool\n\n### Options {#opts}\n';
    const asked = render(text, (s) => `Übersetzt: ${s}`, { headingIds: 'attribute' });
    expect(asked).toBe('# Übersetzt: Install the tool {#install-the-tool}\n\nÜbersetzt: See [installing](#install-the-tool).\n\n## Übersetzt: Install the tool {#install-the-tool-1}\n\n### Übersetzt: Options {#opts}\n');
    // Plain GitHub Markdown: no ids added; an explicit one is still left alone.
    const plain = render(text, (s) => `Ü ${s}`);
    expect(plain).toContain('# Ü Install the tool\n');
    expect(plain).toContain('### Ü Options {#opts}\n');
    // MDX reads braces as code: no ids added there.
    expect(render('# Install\n', (s) => `Ü ${s}`, { headingIds: 'attribute' }, 'page.mdx')).toBe('# Ü Install\n');
  });

  it('writes the anchor the site gives the source heading: HTML in it left out, VitePress slugs with `slugify: vitepress`', () => {
    const text = "## Directives <Badge type=\"info\" text=\"default theme\" />\n\n## What's Next?\n\n## v1.0 Release\n\n## `useData()` API\n\n## Café ![logo](/logo.svg) *fast*\n\n## Setup\n\n## Setup\n";
    const ids = (out: string) => [...out.matchAll(/\{#([^}]+)\}$/gm)].map((m) => m[1]);
    // Docusaurus (github-slugger over the heading's text without its HTML): as before, but no HTML in the slug.
    expect(ids(render(text, (s) => `Ü ${s}`, { headingIds: 'attribute' }))).toEqual(['directives-', 'whats-next', 'v10-release', 'usedata-api', 'café-logo-fast', 'setup', 'setup-1']);
    // VitePress: @mdit-vue/shared's slugify over text and inline code only, as markdown-it-anchor numbers repeats.
    const vitepress = render(text, (s) => `Ü ${s}`, { headingIds: 'attribute', slugify: 'vitepress' });
    expect(ids(vitepress)).toEqual(['directives', 'what-s-next', 'v1-0-release', 'usedata-api', 'cafe-fast', 'setup', 'setup-1']);
    expect(vitepress).toContain('## Ü Directives <Badge type="info" text="default theme" /> {#directives}\n');
    expect(render('## 1. Install\n', (s) => `Ü ${s}`, { headingIds: 'attribute', slugify: 'vitepress' })).toBe('## Ü 1. Install {#_1-install}\n');
  });

  it('keeps consecutive container fences (nested containers, closings one after another) as syntax, their titles as text', () => {
    const text = ':::: tip Outer title\n::: warning Inner title\nBody text.\n:::\n::::\n\n::::: details Nested code group\n:::: code-group\n```sh [npm]\nnpm i\n```\n::::\nAfter the group.\n:::::\n';
    const doc = markdownFormat.parse({ path: 'page.md', text, options: options() });
    const sent = markdownFormat.units(doc, target).map((u) => u.protected.text);
    expect(sent.join('\n')).not.toMatch(/:::|code-group|warning/);
    expect(render(text, (s) => s.toUpperCase())).toBe(':::: tip OUTER TITLE\n::: warning INNER TITLE\nBODY TEXT.\n:::\n::::\n\n::::: details NESTED CODE GROUP\n:::: code-group\n```sh [npm]\nnpm i\n```\n::::\nAFTER THE GROUP.\n:::::\n');
    const lines = render(text, pseudoLocalise).split('\n');
    expect(lines.filter((l) => l.startsWith(':')).map((l) => /^:+(?: [\w-]+)?/.exec(l)![0])).toEqual([':::: tip', '::: warning', ':::', '::::', '::::: details', ':::: code-group', '::::', ':::::']);
  });

  it('never sends an explicit heading id, whatever its characters (`{#café}`, `{#vite-⚡}`)', () => {
    const text = '## Café {#café}\n\n## Vite ⚡ {#vite-⚡}\n\n## Plain {#plain}\n';
    const doc = markdownFormat.parse({ path: 'page.md', text, options: options({ headingIds: 'attribute', slugify: 'vitepress' }) });
    expect(markdownFormat.units(doc, target).map((u) => u.source)).toEqual(['Café', 'Vite ⚡', 'Plain']);
    expect(render(text, (s) => `Ü ${s}`, { headingIds: 'attribute', slugify: 'vitepress' })).toBe('## Ü Café {#café}\n\n## Ü Vite ⚡ {#vite-⚡}\n\n## Ü Plain {#plain}\n');
  });

  it('keeps container fences whole under the pseudo provider and translates their titles', () => {
    const text = '::: tip Good to know\nRun the installer first.\n:::\n\n:::warning\nDo not run as root.\n:::\n\n:::note[Heads up]\nText.\n:::\n';
    const doc = markdownFormat.parse({ path: 'page.md', text, options: options() });
    // The titles are text to translate; the fence syntax around them is not.
    const sent = markdownFormat.units(doc, target).map((u) => u.protected.text);
    expect(sent[0]).toMatch(/^\{\d+\}Good to know\{\d+\}Run the installer first\.\{\d+\}$/);
    expect(sent[1]).toMatch(/^\{\d+\}Do not run as root\.\{\d+\}$/);
    expect(sent[2]).toMatch(/^\{\d+\}Heads up\{\d+\}Text\.\{\d+\}$/);
    const out = render(text, pseudoLocalise);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^::: tip ［Ĝóóð ţó ķñóŵ$/);
    expect(lines[2]).toBe(':::');
    expect(lines[4]).toBe(':::warning');
    expect(lines[6]).toBe(':::');
    expect(lines[8]).toBe(":::note[［Ĥéáðš úp]");
    expect(out.match(/^:::/gm)).toHaveLength(6);
  });

  it("never sends VitePress's code snippet imports (`<<< @/…`) or its `[[toc]]` marker: they are syntax, not text", () => {
    const text = '# Guide\n\n[[TOC]]\n\nThe wizard asks:\n\n<<< @/snippets/init.ansi\n\n<<< ./snippets/snippet-with-region.js#snippet{1}\n\nText before\n<<< @/snippets/snippet.js{2}\n\n> <<< @/snippets/quoted.ts [quoted]\n';
    const doc = markdownFormat.parse({ path: 'page.md', text, options: options() });
    const sent = markdownFormat.units(doc, target).filter((u) => !u.verbatim).map((u) => u.protected.text);
    expect(sent.join('\n')).not.toMatch(/<<<|snippet|toc/);
    expect(sent).toHaveLength(3);
    const out = render(text, pseudoLocalise);
    for (const line of ['[[TOC]]', '<<< @/snippets/init.ansi', '<<< ./snippets/snippet-with-region.js#snippet{1}', '<<< @/snippets/snippet.js{2}', '> <<< @/snippets/quoted.ts [quoted]']) {
      expect(out.split('\n')).toContain(line);
    }
  });
});

describe('docs-site conventions through a run', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(() => redis.stop());

  it('writes heading ids and the home page, and a second run finds everything current', async () => {
    const dir = await scratchProject(undefined, (c) => ({ ...c, targetLocales: ['de'], files: [{ format: 'markdown', source: 'site/{locale}/**/*.md' }], markdown: { headingIds: 'attribute' } }));
    await mkdir(path.join(dir, 'site/en'), { recursive: true });
    await writeFile(path.join(dir, 'site/en/index.md'), `${VITEPRESS_HOME}\n# Welcome\n\n::: info Note\nRead this.\n:::\n`);
    const config = path.join(dir, 'translate-locales.config.json');
    const first = await runMain(['--config', config], { env: { REDIS_URL: redis.url } });
    expect(first.code, first.stderr).toBe(0);
    const de = await readFile(path.join(dir, 'site/de/index.md'), 'utf8');
    expect(de).toMatch(/^# ［Wéļçómé ~+］ \{#welcome\}$/m);
    expect(de).toMatch(/^  tagline: ［Fášţ/m);
    expect(de).toMatch(/^::: info ［Ñóţé$/m);
    const again = await runMain(['--config', config], { env: { REDIS_URL: redis.url } });
    expect(again.stdout).toContain('0 written, 1 unchanged');
    expect((await runMain(['--check', '--config', config])).code).toBe(0);
  });
});
