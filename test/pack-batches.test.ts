import { describe, expect, it } from 'vitest';
import { modelInfo } from '../src/config/models.ts';
import { estimateCost, formatEstimate, tokenCost } from '../src/pipeline/estimate-cost.ts';
import { packBatches, requestBudget, type BatchLimits } from '../src/pipeline/pack-batches.ts';
import type { PendingSegment } from '../src/pipeline/plan-run.ts';
import { pack } from '../src/segments/pack.ts';
import { estimateTokens, OUTPUT_RATIO, REQUEST_OVERHEAD_TOKENS } from '../src/segments/tokens.ts';

// Packing and the estimate, directly: what --dry-run prints and the run sends come from these.

const flash = modelInfo('qwen-mt-flash');

function segment(text: string, locale = 'de', extra: Partial<PendingSegment> = {}): PendingSegment {
  return {
    key: `${locale}:${text}`,
    text,
    locale,
    context: { model: flash.name, sourceLang: 'English', targetLang: locale === 'de' ? 'German' : 'Japanese' },
    terms: [],
    ...extra,
  };
}

const roomy: BatchLimits = { maxTokens: 100_000, maxInputTokens: 8_000, maxSegments: 50 };

describe('requestBudget', () => {
  it('is just under TPM ÷ RPM, at least 200 tokens, at most what the model takes in and gives back', () => {
    expect(requestBudget(60, 100_000, 8192)).toBe(Math.floor((100_000 / 60) * 0.97));
    expect(requestBudget(6000, 20_000, 8192)).toBe(200);
    expect(requestBudget(1, 100_000_000, 8192)).toBe(Math.floor(8192 * (1 + OUTPUT_RATIO)));
    expect(requestBudget(60, 100_000, 8192, 777)).toBe(777);
  });
});

describe('packBatches', () => {
  it('keeps source order within a request and never mixes locales or contexts', () => {
    const pending = [segment('One', 'de'), segment('Two', 'ja'), segment('Three', 'de'), segment('Four', 'de', { context: { ...segment('x').context, domains: 'UI' } })];
    const batches = packBatches(pending, 'qwen-mt', roomy);
    expect(batches.map((b) => [b.data.targetLang, b.data.domains, b.data.segments.map((s) => s.text)])).toEqual([
      ['German', undefined, ['One', 'Three']],
      ['Japanese', undefined, ['Two']],
      ['German', 'UI', ['Four']],
    ]);
  });

  it('starts a new request at the segment, token and input limits', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    const ten = Array.from({ length: 10 }, (_, i) => segment(`${words(20)} ${i}`));
    expect(packBatches(ten, 'qwen-mt', { ...roomy, maxSegments: 3 }).map((b) => b.data.segments.length)).toEqual([3, 3, 3, 1]);
    // Each segment costs (t + 2) input and 1.3 × that output; a budget for three of them holds three.
    const t = estimateTokens(ten[0].text) + 2;
    const three = REQUEST_OVERHEAD_TOKENS + 3 * (t + Math.ceil(t * OUTPUT_RATIO));
    expect(packBatches(ten, 'qwen-mt', { ...roomy, maxTokens: three }).map((b) => b.data.segments.length)).toEqual([3, 3, 3, 1]);
    expect(packBatches(ten, 'qwen-mt', { ...roomy, maxInputTokens: REQUEST_OVERHEAD_TOKENS + 2 * t }).map((b) => b.data.segments.length)).toEqual([2, 2, 2, 2, 2]);
    // One segment over every limit still goes, alone.
    expect(packBatches([segment(words(500))], 'qwen-mt', { maxTokens: 10, maxInputTokens: 10, maxSegments: 1 })).toHaveLength(1);
  });

  it('sends a text with numbered lines of its own alone, so its numbers are not read as segment numbers', () => {
    const batches = packBatches([segment('Before'), segment('Steps:\n1. Open\n2. Save'), segment('After')], 'qwen-mt', roomy);
    expect(batches.map((b) => b.data.segments.map((s) => s.text))).toEqual([['Before'], ['Steps:\n1. Open\n2. Save'], ['After']]);
  });

  it('carries the terms of its segments once each, and examples asked for with its own text', () => {
    const term = { source: 'Acme Dashboard', target: 'Acme-Übersicht' };
    const asked: string[] = [];
    const [batch] = packBatches([segment('Open Acme Dashboard', 'de', { terms: [term] }), segment('Close Acme Dashboard', 'de', { terms: [term] })], 'qwen-mt', roomy, (locale, text) => {
      asked.push(`${locale}|${text}`);
      return [{ source: 'Open', target: 'Öffnen' }];
    });
    expect(batch.data.terms).toEqual([term]);
    expect(batch.data.tmList).toEqual([{ source: 'Open', target: 'Öffnen' }]);
    expect(asked).toEqual(['de|Open Acme Dashboard\nClose Acme Dashboard']);
  });

  it('names a request by its content: the same request twice has the same id, another one another', () => {
    const a = packBatches([segment('One'), segment('Two')], 'qwen-mt', roomy);
    const b = packBatches([segment('One'), segment('Two')], 'qwen-mt', roomy);
    const c = packBatches([segment('One'), segment('Two!')], 'qwen-mt', roomy);
    expect(a[0].id).toBe(b[0].id);
    expect(c[0].id).not.toBe(a[0].id);
  });
});

describe('estimateCost', () => {
  it('counts the packed text, the hidden prompt and the options as input, and the expected output, at list price', () => {
    const term = { source: 'Acme', target: 'Acme' };
    const batches = packBatches([segment('Save the file'), segment('Open Acme', 'de', { terms: [term] }), segment('こんにちは', 'ja')], 'qwen-mt', roomy);
    const estimate = estimateCost(batches, flash, false);
    const german = pack(['Save the file', 'Open Acme']);
    const options = estimateTokens(JSON.stringify([term]) + JSON.stringify(''));
    const input = estimateTokens(german) + REQUEST_OVERHEAD_TOKENS + options + estimateTokens('こんにちは') + REQUEST_OVERHEAD_TOKENS;
    const output = Math.ceil(estimateTokens(german) * OUTPUT_RATIO) + Math.ceil(estimateTokens('こんにちは') * OUTPUT_RATIO);
    expect(estimate).toMatchObject({ segments: 3, requests: 2, inputTokens: input, outputTokens: output, model: 'qwen-mt-flash' });
    expect(estimate.cost).toBeCloseTo((input * flash.priceIn + output * flash.priceOut) / 1e6, 12);
    expect(tokenCost(flash, 1e6, 1e6)).toBeCloseTo(flash.priceIn + flash.priceOut, 12);
    expect(formatEstimate(estimate)).toMatch(new RegExp(`^3 segments in 2 requests; about ${input} input \\+ ${output} output tokens; estimated cost \\$\\d+\\.\\d{4} \\(qwen-mt-flash, list price of \\d{4}-\\d{2}-\\d{2}\\)$`));
  });

  it('is free under the pseudo provider, with the same counts', () => {
    const batches = packBatches([segment('Save the file')], 'pseudo', roomy);
    const paid = estimateCost(batches, flash, false);
    const free = estimateCost(batches, flash, true);
    expect(free).toMatchObject({ segments: paid.segments, requests: paid.requests, inputTokens: paid.inputTokens, outputTokens: paid.outputTokens, cost: 0, model: 'pseudo' });
    expect(paid.cost).toBeGreaterThan(0);
  });
});
