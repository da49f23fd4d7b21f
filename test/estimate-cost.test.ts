import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateRun } from '../src/cli/offline-commands.ts';
import { loadConfig, type ConfigOverrides } from '../src/config/load-config.ts';
import { MODELS, paidModel } from '../src/config/models.ts';
import { estimateCost, formatEstimate, overMaxCost, tokenCost, type CostEstimate } from '../src/pipeline/estimate-cost.ts';
import { packBatches, type BatchLimits } from '../src/pipeline/pack-batches.ts';
import type { PendingSegment } from '../src/pipeline/plan-run.ts';
import { pack } from '../src/segments/pack.ts';
import { estimateTokens, OUTPUT_RATIO, REQUEST_OVERHEAD_TOKENS } from '../src/segments/tokens.ts';
import { scratchFiles } from './helpers/scratch-files.ts';

// What a run would cost, from the functions `--dry-run` and `--max-cost` use: no Redis, no process.

const flash = MODELS['qwen-mt-flash'];
const plus = MODELS['qwen-mt-plus'];
const context = { model: 'qwen-mt-flash', sourceLang: 'English', targetLang: 'German' };
const seg = (text: string, i: number): PendingSegment => ({ key: `k${i}`, text, context, terms: [], locale: 'de' });
const roomy: BatchLimits = { maxTokens: 100_000, maxInputTokens: 100_000, maxSegments: 1000 };
const sentences = ['Hello world', 'Save your changes before leaving this page.', 'The file {0} could not be opened: {1}', '日本語のテキスト'];

describe('estimateCost', () => {
  it('bills each request its text, its hidden prompt, and the expected output', () => {
    const batches = packBatches(sentences.map(seg), 'qwen-mt', roomy);
    expect(batches).toHaveLength(1);
    const text = estimateTokens(pack(sentences));
    const e = estimateCost(batches, flash);
    expect(e).toMatchObject({ segments: 4, requests: 1, inputTokens: text + REQUEST_OVERHEAD_TOKENS, outputTokens: Math.ceil(text * OUTPUT_RATIO), model: 'qwen-mt-flash' });
    expect(e.cost).toBeCloseTo((e.inputTokens * flash.priceIn + e.outputTokens * flash.priceOut) / 1e6, 15);
  });

  it('pays the hidden prompt once per request: one request per segment costs that much more', () => {
    const together = estimateCost(packBatches(sentences.map(seg), 'qwen-mt', roomy), flash);
    const alone = estimateCost(packBatches(sentences.map(seg), 'qwen-mt', { ...roomy, maxSegments: 1 }), flash);
    expect(alone.requests).toBe(4);
    expect(alone.inputTokens).toBe(sentences.reduce((s, t) => s + estimateTokens(t), 0) + 4 * REQUEST_OVERHEAD_TOKENS);
    expect(alone.inputTokens).toBeGreaterThan(together.inputTokens + 2 * REQUEST_OVERHEAD_TOKENS);
    expect(alone.cost).toBeGreaterThan(together.cost);
  });

  it('counts glossary terms and memory examples as input, not as output', () => {
    const plain = estimateCost(packBatches(sentences.map(seg), 'qwen-mt', roomy), flash);
    const withTerms = packBatches(sentences.map((t, i) => ({ ...seg(t, i), terms: [{ source: 'file', target: 'Datei' }] })), 'qwen-mt', roomy, () => [{ source: 'Hello there', target: 'Hallo zusammen' }]);
    const rich = estimateCost(withTerms, flash);
    expect(rich.inputTokens).toBeGreaterThan(plain.inputTokens);
    expect(rich.outputTokens).toBe(plain.outputTokens);
  });

  it('is free with the pseudo provider, tokens still counted', () => {
    const batches = packBatches(sentences.map(seg), 'pseudo', roomy);
    expect(paidModel({ provider: { name: 'pseudo' }, model: plus })).toBeUndefined();
    expect(paidModel({ provider: { name: 'qwen-mt' }, model: plus })).toBe(plus);
    const e = estimateCost(batches, paidModel({ provider: { name: 'pseudo' }, model: plus }));
    expect(e.cost).toBe(0);
    expect(e.model).toBe('pseudo');
    expect(e.inputTokens).toBe(estimateCost(batches, plus).inputTokens);
  });

  it('nothing to translate costs nothing', () => {
    expect(estimateCost([], plus)).toMatchObject({ segments: 0, requests: 0, inputTokens: 0, outputTokens: 0, cost: 0 });
  });
});

describe('tokenCost and formatEstimate', () => {
  it('prices a million tokens at the list price per million', () => {
    expect(tokenCost(plus, 1e6, 0)).toBeCloseTo(plus.priceIn, 12);
    expect(tokenCost(plus, 0, 1e6)).toBeCloseTo(plus.priceOut, 12);
    expect(tokenCost(flash, 2e6, 1e6)).toBeCloseTo(2 * flash.priceIn + flash.priceOut, 12);
    expect(tokenCost(flash, 0, 0)).toBe(0);
  });

  it('says segments, requests, tokens, dollars, model and price date', () => {
    const e: CostEstimate = { segments: 12, requests: 3, inputTokens: 400, outputTokens: 500, cost: 0.00123456, model: 'qwen-mt-plus', priceDate: '2026-01-29' };
    expect(formatEstimate(e)).toBe('12 segments in 3 requests; about 400 input + 500 output tokens; estimated cost $0.0012 (qwen-mt-plus, list price of 2026-01-29)');
  });
});

describe('--max-cost', () => {
  const at = (cost: number): CostEstimate => ({ segments: 1, requests: 1, inputTokens: 10, outputTokens: 10, cost, model: 'qwen-mt-plus', priceDate: '2026-01-29' });

  it('lets a run start at or under the limit, and without one', () => {
    expect(overMaxCost(at(0.5), 0.5)).toBeUndefined();
    expect(overMaxCost(at(0.49), 0.5)).toBeUndefined();
    expect(overMaxCost(at(1e6), undefined)).toBeUndefined();
    // A free (pseudo) run passes even a zero limit.
    expect(overMaxCost(at(0), 0)).toBeUndefined();
  });

  it('refuses one over the limit, saying by how much and that nothing was sent', () => {
    expect(overMaxCost(at(0.5000001), 0.5)).toBe(
      'estimated cost $0.5000 is over --max-cost $0.5 (1 segments in 1 requests; about 10 input + 10 output tokens; estimated cost $0.5000 (qwen-mt-plus, list price of 2026-01-29)); nothing was sent',
    );
    expect(overMaxCost(at(0.01), 0)).toMatch(/^estimated cost \$0\.0100 is over --max-cost \$0 /);
  });
});

describe('the estimate per locale and file group (--dry-run)', () => {
  const files = {
    'locales/en.json': JSON.stringify({ save: 'Save', greeting: 'Hello {name}, welcome back', notice: 'Your subscription ends in three days.' }),
    // "Save" is also in the first group: sent once, counted in the first group only.
    'app/en.json': JSON.stringify({ save: 'Save', other: 'Something else entirely' }),
    'docs/en/guide.md': '# Guide\n\nA long paragraph of documentation, which costs more than a button label does.\n\nAnother paragraph, with `code` in it.\n',
  };
  const config = {
    sourceLocale: 'en',
    targetLocales: ['de', 'fr', 'ja'],
    files: [
      { format: 'json', source: 'locales/{locale}.json' },
      { format: 'json', source: 'app/{locale}.json' },
      { format: 'markdown', source: 'docs/{locale}/*.md', targetLocales: ['de'] },
    ],
    provider: { model: 'qwen-mt-plus' },
  };
  async function estimate(overrides: ConfigOverrides = {}) {
    const root = await scratchFiles({ ...files, 'translate-locales.config.json': JSON.stringify(config) }, 'tl-estimate-');
    return estimateRun(await loadConfig(path.join(root, 'translate-locales.config.json'), overrides, {}));
  }

  it('rows add up to the whole: segments and cost exactly, tokens within rounding', async () => {
    const { estimate: whole, breakdown } = await estimate();
    expect(breakdown.map((r) => `${r.locale} ${r.group} ${r.segments}`)).toEqual(['de 0 3', 'de 1 1', 'de 2 3', 'fr 0 3', 'fr 1 1', 'ja 0 3', 'ja 1 1']);
    expect(breakdown.reduce((s, r) => s + r.segments, 0)).toBe(whole.segments);
    expect(breakdown.reduce((s, r) => s + r.cost, 0)).toBeCloseTo(whole.cost, 12);
    expect(Math.abs(breakdown.reduce((s, r) => s + r.inputTokens, 0) - whole.inputTokens)).toBeLessThanOrEqual(breakdown.length / 2);
    expect(Math.abs(breakdown.reduce((s, r) => s + r.outputTokens, 0) - whole.outputTokens)).toBeLessThanOrEqual(breakdown.length / 2);
    expect(whole.cost).toBeCloseTo(tokenCost(plus, whole.inputTokens, whole.outputTokens), 12);
  });

  it("a locale's rows are exactly what that locale alone would cost", async () => {
    const { breakdown } = await estimate();
    for (const locale of ['de', 'fr']) {
      const { estimate: alone } = await estimate({ to: [locale] });
      const rows = breakdown.filter((r) => r.locale === locale);
      expect(rows.reduce((s, r) => s + r.segments, 0)).toBe(alone.segments);
      expect(rows.reduce((s, r) => s + r.cost, 0)).toBeCloseTo(alone.cost, 12);
    }
  });

  it('shares a locale out by text: the documentation costs more than its labels', async () => {
    const { breakdown } = await estimate({ to: ['de'] });
    const cost = (group: number) => breakdown.find((r) => r.group === group)!.cost;
    expect(cost(2)).toBeGreaterThan(cost(0));
    expect(cost(0)).toBeGreaterThan(cost(1));
  });
});
