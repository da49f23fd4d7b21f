import type { Nodes } from 'mdast';
import { describe, expect, it } from 'vitest';
import { BatchTranslator } from '../jobs/translate-batch.ts';
import type { Provider } from '../src/providers/provider.ts';
import { PAYLOAD_VERSION, type TranslateJobData } from '../src/queue/job-payloads.ts';
import { parseMarkdown } from '../src/formats/markdown/parse-markdown.ts';
import { translateMarkdown } from './helpers/translate-markdown.ts';

/** The characters a reader sees in each top-level block, and its block types. */
function readBack(markdown: string): { text: string; types: string }[] {
  return parseMarkdown(markdown).children.map((block) => {
    let text = '';
    const types: string[] = [];
    const visit = (node: Nodes) => {
      types.push(node.type);
      if (node.type === 'text' || node.type === 'inlineCode') text += node.value;
      if ('children' in node) for (const c of node.children) visit(c as Nodes);
    };
    visit(block);
    return { text, types: types.join(',') };
  });
}

const TEXTS = ['2*3*4 ergibt 24.', 'Öffne <Konfig> zuerst.', '1. Schritt: installieren.', '# ist kein Titel.', '+ plus Zeichen.', '> ist kein Zitat.',
  'Ein einzelnes ` Backtick.', '![Bild](bild.png) ist nur Text.', 'Klammern [wie hier] und _Unterstriche_ bleiben.'];

describe('markdown: a translation\'s own characters never become syntax', () => {
  it.each(TEXTS)('"%s" reads back as the same characters, in the source\'s structure', (translation) => {
    const source = '# Title\n\nA plain sentence to translate.\n\nAnother paragraph.\n';
    const r = translateMarkdown(source, (s) => (s === 'A plain sentence to translate.' ? translation : s));
    expect(r.refused).toEqual([]);
    expect(r.problem).toBeNull();
    const blocks = readBack(r.out);
    expect(blocks.map((b) => b.types)).toEqual(readBack(source).map((b) => b.types));
    expect(blocks[1].text).toBe(translation);
  });

  it('keeps the segment\'s own tokens as syntax around escaped text', () => {
    const source = 'See *the guide* and `npm test` at [the site](https://example.com).\n';
    const r = translateMarkdown(source, () => 'Siehe {0}die Anleitung 2*3{1} und {2} auf {3}<der> Seite{4}.');
    expect(r.refused).toEqual([]);
    expect(r.out).toBe('Siehe *die Anleitung 2\\*3* und `npm test` auf [\\<der> Seite](https://example.com).\n');
    expect(readBack(r.out)[0].types).toBe(readBack(source)[0].types);
  });

  it('escapes a | in a table cell and keeps the table', () => {
    const source = '| Option | Meaning |\n| --- | --- |\n| `a` | one or the other |\n';
    const r = translateMarkdown(source, (s) => (s === 'one or the other' ? 'eins | das andere' : s));
    expect(r.problem).toBeNull();
    expect(r.out).toContain('| `a` | eins \\| das andere |');
  });

  it('leaves a translation that reads right as it came', () => {
    const source = 'Costs 2 * 3 euros; see AT&T.\n';
    expect(translateMarkdown(source, () => 'Kostet 2 * 3 Euro; siehe AT&T.').out).toBe('Kostet 2 * 3 Euro; siehe AT&T.\n');
  });
});

describe('markdown: the worker keeps the escaped translation', () => {
  it('stores a reply whose characters would read as syntax, escaped, instead of failing it', async () => {
    const replies = ['2*3*4 ergibt {0}.', '<Konfig> öffnen'];
    const provider: Provider = {
      name: 'scripted',
      translate: async (req) => ({ text: req.text.split('\n').map((line, i) => line.replace(/^(\d+\. ).*$/, `$1${replies[i]}`)).join('\n'), finishReason: 'stop', promptTokens: 1, completionTokens: 1 }),
      close: async () => {},
    };
    const job: TranslateJobData = {
      v: PAYLOAD_VERSION, provider: 'qwen-mt', model: 'qwen-mt-flash', sourceLang: 'English', targetLang: 'German',
      segments: [
        { key: 'a', text: 'Two times three is {0}.', check: 'markdown', tokens: ['`six`'] },
        { key: 'b', text: 'Open the settings', check: 'markdown', tokens: [] },
      ],
    };
    const r = await new BatchTranslator(job, { provider, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }).run();
    expect(r.failures).toEqual({});
    expect(r.translations).toEqual({ a: '2\\*3\\*4 ergibt {0}.', b: '\\<Konfig> öffnen' });
  });
});

describe('markdown: headings that start like a list', () => {
  it('checks and escapes the text of "### 1. Step" too', () => {
    const source = '### 1. Organize snapshots\n\nText.\n';
    const r = translateMarkdown(source, (s) => (s.startsWith('1.') ? '1. Schnappschüsse 2*3*4 ordnen' : s));
    expect(r.problem).toBeNull();
    expect(readBack(r.out)[0]).toEqual({ text: '1. Schnappschüsse 2*3*4 ordnen', types: 'heading,text' });
  });
});
