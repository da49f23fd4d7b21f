import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Nodes } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../src/formats/markdown/parse-markdown.ts';
import { pseudoLocalise } from '../src/providers/pseudo-provider.ts';
import { fakeTranslate } from './simulator/fake-translate.ts';
import { translateMarkdown } from './helpers/translate-markdown.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures/markdown');
const read = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const translations = { upper: (s: string) => s.toUpperCase(), pseudo: pseudoLocalise, fake: (s: string) => fakeTranslate(s, 'German', 'fake') };

/** Every text node's value in a document: what a reader sees as words. */
function texts(markdown: string): string[] {
  const out: string[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'text') out.push(node.value);
    if ('children' in node) for (const c of node.children) visit(c as Nodes);
  };
  visit(parseMarkdown(markdown));
  return out;
}

describe('markdown: container prefixes are syntax, never text', () => {
  const doc = read('quotes-and-lists.md');

  it('sends each wrapped line break with its prefix as one space', () => {
    const { sent } = translateMarkdown(doc, (s) => s);
    expect(sent).toContain('The cache is rebuilt {0} when the {1}config file{2} changes, and {3}only{4} then.');
    expect(sent).toContain('A nested quote spans {0} lines and {1}ends{2} here.');
    expect(sent).toContain('A list item that wraps {0} a second line {1}with a link{2} inside.');
    expect(sent).toContain('A lazy item that wraps {0} onto the next line.');
    expect(sent).toContain('hold a quote that wraps {0} and {1}there{2}.');
    for (const s of sent) expect(s).not.toMatch(/>| {2}/);
  });

  it.each(Object.keys(translations))('writes no prefix into the text (%s)', (name) => {
    const r = translateMarkdown(doc, translations[name as keyof typeof translations]);
    expect(r.refused).toEqual([]);
    expect(r.problem).toBeNull();
    for (const t of texts(r.out)) expect(t).not.toMatch(/>|\S {2,}\S/);
    expect(r.out).toMatch(/ {2}\n> `keeps`/); // a hard break keeps the next line's prefix
  });

  it('identity is byte for byte', () => {
    expect(translateMarkdown(doc, (s) => s).out).toBe(doc);
  });
});

describe('markdown: GitHub alerts', () => {
  const doc = read('github-alerts.md');

  it('never sends the marker, and the break after a title line is syntax', () => {
    const { sent } = translateMarkdown(doc, (s) => s);
    expect(sent.join('\n')).not.toMatch(/\[!/);
    expect(sent).toContain('Useful information that users should know, even when skimming content.');
    expect(sent).toContain('ℹ️ {0}Note:{1}{2}This project uses an older convention.');
  });

  it.each(Object.keys(translations))('keeps every marker alone on its line (%s)', (name) => {
    const r = translateMarkdown(doc, translations[name as keyof typeof translations]);
    expect(r.refused).toEqual([]);
    expect(r.problem).toBeNull();
    for (const marker of ['NOTE', 'TIP', 'important', 'WARNING', 'CAUTION']) expect(r.out).toMatch(new RegExp(`^> \\[!${marker}\\]\\n> \\S`, 'm'));
    expect(r.out).toMatch(/^- > \[!TIP\]\n {2}> \S/m);
    expect(r.out).toMatch(/^> \[!NOTE\]\n>\n> \S/m);
    expect(r.out).toMatch(/^> ［?ℹ️ \*\*[^\n]+\*\*\n> \S/m);
    expect(r.out).toMatch(/^> ［?\*\*[^\n]+\*\*\n> \S/m);
  });
});
