import { describe, expect, it } from 'vitest';
import { packBatches, requestBudget, type Batch, type BatchLimits } from '../src/pipeline/pack-batches.ts';
import type { PendingSegment } from '../src/pipeline/plan-run.ts';
import type { TextPair } from '../src/providers/provider.ts';
import { pack, unpack } from '../src/segments/pack.ts';
import { estimateTokens, OUTPUT_RATIO, REQUEST_OVERHEAD_TOKENS } from '../src/segments/tokens.ts';

// How pending segments become requests: the budget, what goes alone, what travels together, and ids a rerun finds again.

const context = { model: 'qwen-mt-flash', sourceLang: 'English', targetLang: 'German' };
let serial = 0;
function seg(text: string, more: Partial<PendingSegment> = {}): PendingSegment {
  return { key: `k${serial++}`, text, context, terms: [], locale: 'de', ...more };
}
const words = (n: number, word = 'lorem') => Array.from({ length: n }, () => word).join(' ');
const roomy: BatchLimits = { maxTokens: 100_000, maxInputTokens: 100_000, maxSegments: 1000 };
const texts = (batches: Batch[]) => batches.map((b) => b.data.segments.map((s) => s.text));

/** Input tokens of one segment in a request, its number ("12. ") included. */
const input = (text: string) => estimateTokens(text) + 2;
/** What a segment costs against the budget: its input and its expected output. */
const cost = (text: string) => input(text) + Math.ceil(input(text) * OUTPUT_RATIO);
const requestTokens = (b: Batch) => REQUEST_OVERHEAD_TOKENS + b.data.segments.reduce((s, x) => s + cost(x.text), 0);
const requestInput = (b: Batch) => REQUEST_OVERHEAD_TOKENS + b.data.segments.reduce((s, x) => s + input(x.text), 0);

describe('requestBudget', () => {
  it('is TPM ÷ RPM (or just under): full requests at the allowed rate stay within the allowed tokens and use nearly all of them', () => {
    for (const [rpm, tpm] of [[60, 100_000], [60, 25_000], [600, 1_000_000], [500, 950_000]]) {
      const budget = requestBudget(rpm, tpm, 8192);
      expect(budget * rpm).toBeLessThanOrEqual(tpm);
      expect(budget * rpm).toBeGreaterThanOrEqual(0.95 * tpm);
    }
  });

  it('never below 200 tokens, never above what the model takes in (plus its expected output)', () => {
    expect(requestBudget(6000, 10_000, 8192)).toBe(200);
    expect(requestBudget(1, 10_000_000, 8192)).toBe(Math.floor(8192 * (1 + OUTPUT_RATIO)));
    expect(requestBudget(1, 10_000_000, 1000)).toBe(2300);
  });

  it('a configured batch.maxTokens wins', () => {
    expect(requestBudget(60, 100_000, 8192, 50)).toBe(50);
    expect(requestBudget(60, 100_000, 8192, 50_000)).toBe(50_000);
  });
});

describe('packBatches: the budget', () => {
  const many = Array.from({ length: 60 }, (_, i) => seg(`${words(1 + (i % 7))} number ${i}`));

  it('fills each request up to maxTokens, hidden prompt and expected output counted, and no further', () => {
    const limits = { ...roomy, maxTokens: 120 };
    const batches = packBatches(many, 'qwen-mt', limits);
    expect(batches.flatMap((b) => b.data.segments.map((s) => s.text))).toEqual(many.map((s) => s.text));
    for (const [i, b] of batches.entries()) {
      expect(requestTokens(b)).toBeLessThanOrEqual(limits.maxTokens);
      // Greedy: the next request's first segment would not have fitted in this one.
      const next = batches[i + 1]?.data.segments[0];
      if (next) expect(requestTokens(b) + cost(next.text)).toBeGreaterThan(limits.maxTokens);
    }
    expect(batches.length).toBeGreaterThan(3);
  });

  it('counts the hidden prompt: segments that fit the budget by their text alone do not fit with it', () => {
    const two = [seg(words(10)), seg(words(10))];
    const text = cost(two[0].text) + cost(two[1].text);
    expect(packBatches(two, 'qwen-mt', { ...roomy, maxTokens: text + REQUEST_OVERHEAD_TOKENS })).toHaveLength(1);
    expect(packBatches(two, 'qwen-mt', { ...roomy, maxTokens: text + REQUEST_OVERHEAD_TOKENS - 1 })).toHaveLength(2);
  });

  it('keeps each request within the model input cap, prompt included', () => {
    const limits = { ...roomy, maxInputTokens: 80 };
    const batches = packBatches(many, 'qwen-mt', limits);
    for (const [i, b] of batches.entries()) {
      expect(requestInput(b)).toBeLessThanOrEqual(limits.maxInputTokens);
      const next = batches[i + 1]?.data.segments[0];
      if (next) expect(requestInput(b) + input(next.text)).toBeGreaterThan(limits.maxInputTokens);
    }
  });

  it('puts at most maxSegments in a request', () => {
    const ten = Array.from({ length: 10 }, (_, i) => seg(`text ${i}`));
    expect(packBatches(ten, 'qwen-mt', { ...roomy, maxSegments: 3 }).map((b) => b.data.segments.length)).toEqual([3, 3, 3, 1]);
    expect(packBatches(ten, 'qwen-mt', { ...roomy, maxSegments: 1 })).toHaveLength(10);
  });

  it('sends a segment bigger than the budget alone, and goes on packing after it', () => {
    const list = [seg('one'), seg('two'), seg(words(400)), seg('three'), seg('four')];
    expect(texts(packBatches(list, 'qwen-mt', { ...roomy, maxTokens: 200 }))).toEqual([['one', 'two'], [words(400)], ['three', 'four']]);
    expect(texts(packBatches(list, 'qwen-mt', { ...roomy, maxInputTokens: 100 }))).toEqual([['one', 'two'], [words(400)], ['three', 'four']]);
  });

  it('sends alone a text with numbered lines of its own, which would read as the next segments', () => {
    const list = [seg('before'), seg('Steps:\n1. open\n2. close'), seg('after')];
    expect(texts(packBatches(list, 'qwen-mt', roomy))).toEqual([['before'], ['Steps:\n1. open\n2. close'], ['after']]);
  });
});

describe('packBatches: what travels together', () => {
  it('never mixes target languages, models or domains; keeps source order within each', () => {
    const fr = { ...context, targetLang: 'French' };
    const legal = { ...context, domains: 'Legal text.' };
    const plus = { ...context, model: 'qwen-mt-plus' };
    const list = [
      seg('de 1'), seg('fr 1', { context: fr, locale: 'fr' }), seg('legal 1', { context: legal }), seg('de 2'),
      seg('plus 1', { context: plus }), seg('fr 2', { context: fr, locale: 'fr' }), seg('legal 2', { context: legal }),
    ];
    const batches = packBatches(list, 'qwen-mt', roomy);
    expect(texts(batches)).toEqual([['de 1', 'de 2'], ['fr 1', 'fr 2'], ['legal 1', 'legal 2'], ['plus 1']]);
    expect(batches.map((b) => [b.data.model, b.data.targetLang, b.data.domains])).toEqual([
      ['qwen-mt-flash', 'German', undefined], ['qwen-mt-flash', 'French', undefined], ['qwen-mt-flash', 'German', 'Legal text.'], ['qwen-mt-plus', 'German', undefined],
    ]);
  });

  it("carries the union of its segments' glossary terms, each once, and only when there are any", () => {
    const api: TextPair = { source: 'API', target: 'API' };
    const server: TextPair = { source: 'server', target: 'Server' };
    const [withTerms] = packBatches([seg('the API', { terms: [api] }), seg('the API server', { terms: [api, server] }), seg('plain')], 'qwen-mt', roomy);
    expect(withTerms.data.terms).toEqual([api, server]);
    const [without] = packBatches([seg('plain')], 'qwen-mt', roomy);
    expect(without.data).not.toHaveProperty('terms');
  });

  it("asks for translation-memory examples by the request's locale and texts", () => {
    const asked: [string, string][] = [];
    const example: TextPair = { source: 'Hello', target: 'Hallo' };
    const [b] = packBatches([seg('Hello world'), seg('Goodbye')], 'qwen-mt', roomy, (locale, text) => (asked.push([locale, text]), [example]));
    expect(asked).toEqual([['de', 'Hello world\nGoodbye']]);
    expect(b.data.tmList).toEqual([example]);
    expect(packBatches([seg('x')], 'qwen-mt', roomy)[0].data).not.toHaveProperty('tmList');
  });

  it('a segment carries its check and placeholder tokens only when it has a check', () => {
    const [b] = packBatches([seg('*a* {0}', { check: 'markdown-inline', tokens: ['`x`'] }), seg('plain', { tokens: ['ignored'] })], 'pseudo', roomy);
    expect(b.data.provider).toBe('pseudo');
    expect(b.data.segments.map(({ key: _key, ...rest }) => rest)).toEqual([{ text: '*a* {0}', check: 'markdown-inline', tokens: ['`x`'] }, { text: 'plain' }]);
  });
});

describe('packBatches: job ids', () => {
  const make = () => [seg('alpha', { key: 'a' }), seg('beta', { key: 'b' }), seg('gamma', { key: 'c' }), seg('delta', { key: 'd' })];

  it('are the same on a rerun of the same segments, so a queued job is found, not added twice', () => {
    const limits = { ...roomy, maxSegments: 2 };
    const first = packBatches(make(), 'qwen-mt', limits);
    const again = packBatches(make(), 'qwen-mt', limits);
    expect(again.map((b) => b.id)).toEqual(first.map((b) => b.id));
    expect(new Set(first.map((b) => b.id)).size).toBe(2);
    for (const b of first) expect(b.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('change with anything the request carries', () => {
    const [base] = packBatches([seg('alpha', { key: 'a' })], 'qwen-mt', roomy);
    const variants = [
      packBatches([seg('alpha!', { key: 'a' })], 'qwen-mt', roomy),
      packBatches([seg('alpha', { key: 'a2' })], 'qwen-mt', roomy),
      packBatches([seg('alpha', { key: 'a' })], 'pseudo', roomy),
      packBatches([seg('alpha', { key: 'a', context: { ...context, targetLang: 'French' } })], 'qwen-mt', roomy),
      packBatches([seg('alpha', { key: 'a', terms: [{ source: 'alpha', target: 'Alpha' }] })], 'qwen-mt', roomy),
      packBatches([seg('alpha', { key: 'a' })], 'qwen-mt', roomy, () => [{ source: 'x', target: 'y' }]),
    ];
    const ids = variants.map(([b]) => b.id);
    expect(new Set([base.id, ...ids]).size).toBe(ids.length + 1);
  });
});

describe('pack and unpack: several segments in one request', () => {
  it('one segment travels as it is; several as numbered lines', () => {
    expect(pack(['Hello'])).toBe('Hello');
    expect(pack(['Hello', 'World'])).toBe('1. Hello\n2. World');
  });

  it('unpacks what it packed, texts with line breaks included', () => {
    const list = ['Hello', 'two\nlines', 'a. b. c.', '3 items'];
    expect(unpack(pack(list), list.length)).toEqual({ ok: true, texts: list });
    expect(unpack('  Hallo  \n', 1)).toEqual({ ok: true, texts: ['Hallo'] });
  });

  it('refuses a reply with a segment missing, one too many, or not starting with the first', () => {
    expect(unpack('1. Hallo\n3. Welt', 3)).toEqual({ ok: false, reason: 'segment 2 of 3 is missing' });
    expect(unpack('1. a\n2. b\n3. c', 2)).toEqual({ ok: false, reason: 'more than 2 segments came back' });
    expect(unpack('Sure! 1. a\n2. b', 2)).toEqual({ ok: false, reason: 'the reply does not start with segment 1' });
  });
});
