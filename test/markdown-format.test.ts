import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as spec from 'commonmark-spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSegment, loadSegmentChecks } from '../src/segments/check-segment.ts';
import { translateMarkdown } from './helpers/translate-markdown.ts';
import { markdownFormat } from '../src/formats/markdown/markdown-format.ts';
import { pseudoLocalise } from '../src/providers/pseudo-provider.ts';
import { fakeTranslate } from './simulator/fake-translate.ts';
import { targetContext } from './helpers/target-context.ts';

// Format checks load as a worker loads them, before its first job.
beforeAll(() => loadSegmentChecks());

const FIXTURES = path.join(import.meta.dirname, 'fixtures/markdown');
const target = targetContext('de');

function translate(text: string, fn: (s: string) => string, file = 'doc.md'): { out: string; problem: string | null; sent: string[] } {
  return translateMarkdown(text, fn, file, target);
}

const examples = spec.tests.map((t) => ({ ...t, markdown: t.markdown.replace(/→/g, '\t') }));

describe('markdown: CommonMark spec examples', () => {
  it(`reproduces all ${examples.length} examples byte for byte with an identity translation`, () => {
    for (const ex of examples) expect(translate(ex.markdown, (s) => s).out, `example ${ex.number}`).toBe(ex.markdown);
  });

  it('keeps the block skeleton of every example through pseudo and simulated translation', () => {
    for (const ex of examples) {
      for (const fn of [pseudoLocalise, (s: string) => fakeTranslate(s, 'German', 'fake')]) {
        const { problem } = translate(ex.markdown, fn);
        expect(problem, `example ${ex.number} (${ex.section})`).toBeNull();
      }
    }
  });
});

const fixtures = readdirSync(FIXTURES).filter((f) => /\.mdx?$/.test(f));

describe('markdown: realistic documents', () => {
  it.each(fixtures)('%s: identity is byte-identical, translations keep the structure', (name) => {
    const text = readFileSync(path.join(FIXTURES, name), 'utf8');
    expect(translate(text, (s) => s, name).out).toBe(text);
    for (const fn of [pseudoLocalise, (s: string) => fakeTranslate(s, 'Japanese', 'fake')]) {
      const r = translate(text, fn, name);
      expect(r.problem).toBeNull();
      expect(r.out).not.toBe(text);
    }
  });

  it('never sends code, URLs, HTML tags or front-matter keys, and sends paragraphs whole', () => {
    const text = readFileSync(path.join(FIXTURES, 'docs-page.md'), 'utf8');
    const { sent, out } = translate(text, (s) => s.toUpperCase());
    const all = sent.join('\n');
    expect(all).not.toMatch(/npm install|https?:\/\/|<kbd>|sidebar_position|const x/);
    expect(sent).toContain('Install the package with {0} and run it once; the first run creates a config file.');
    expect(out).toContain('```js\nconst x = 1; // not translated\n```');
    expect(out).toMatch(/^---\ntitle: GETTING STARTED\ndescription: "INSTALL, CONFIGURE: AND RUN."\nsidebar_position: 2\n---/);
    expect(out).toContain('[CONFIGURATION GUIDE](./config.md "CONFIG")');
    expect(sent).toContain('{0}Read the {1}configuration guide{2}Config{3} before you deploy.{4}');
    expect(out).toContain(':::tip\nREAD THE [CONFIGURATION GUIDE]');
    expect(out).toContain('YOU DEPLOY.\n:::\n');
    expect(sent).toContain('Math like {0} and HTML like {1}this text{2} are handled.');
    expect(out).toContain('Keep this sentence in English.');
  });

  it('refuses a translation that adds Markdown syntax or loses a link', () => {
    const link = ['[', '](./guide.md)'];
    expect(checkSegment('See {0}the guide{1} now', 'Siehe {0}die Anleitung{1} jetzt', 'markdown', link)).toBeNull();
    expect(checkSegment('See {0}the guide{1} now', 'Siehe {0}die *Anleitung*{1} jetzt', 'markdown', link)).toMatch(/Markdown syntax changed: link became link,emphasis/);
    expect(checkSegment('See {0}the guide{1} now', 'Siehe {1}die Anleitung{0} jetzt', 'markdown', link)).toMatch(/Markdown syntax changed: link became plain text/);
    expect(checkSegment('See {0}the guide{1} now', 'Siehe die Anleitung jetzt', 'markdown', link)).toMatch(/placeholder \{0\} lost/);
    expect(checkSegment('Text', '# Heading', 'markdown')).toMatch(/not one paragraph/);
  });

  it('splits a paragraph over the token budget at sentence boundaries and joins it back', () => {
    const long = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} talks about ${'words '.repeat(8)}here.`).join(' ') + '\n';
    const doc = markdownFormat.parse({ path: 'long.md', text: long });
    const units = markdownFormat.units(doc, target);
    expect(units.length).toBeGreaterThan(1);
    expect(units.every((u, i) => u.id === `${units[0].id.replace(/#0$/, '')}#${i}`)).toBe(true);
    const identity = translate(long, (s) => s);
    expect(identity.out).toBe(long);
    // Each piece sent is whole sentences: it starts where one starts and ends where one ends.
    expect(identity.sent).toHaveLength(units.length);
    for (const piece of identity.sent) expect(piece).toMatch(/^Sentence number \d+ [^]*here\.$/);
    expect(translate(long, (s) => s.toUpperCase()).out).toBe(long.toUpperCase());
  });
});
