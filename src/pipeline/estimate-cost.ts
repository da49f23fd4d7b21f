import { machineName, PRICE_TABLE_DATE, type ModelInfo } from '../config/models.ts';
import { pack } from '../segments/pack.ts';
import { estimateTokens, OUTPUT_RATIO, REQUEST_OVERHEAD_TOKENS } from '../segments/tokens.ts';
import type { Batch } from './pack-batches.ts';

export interface CostEstimate {
  readonly segments: number;
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD at the model's list price (see `priceDate`); 0 for the pseudo provider. */
  readonly cost: number;
  readonly model: string;
  readonly priceDate: string;
}

/** What the batches will cost: billed input (text, hidden prompt, terms, examples) and expected output tokens; `model` as `paidModel` gives it. */
export function estimateCost(batches: readonly Batch[], model: ModelInfo | undefined): CostEstimate {
  let inputTokens = 0;
  let outputTokens = 0;
  let segments = 0;
  for (const b of batches) {
    const text = pack(b.data.segments.map((s) => s.text));
    const options = JSON.stringify(b.data.terms ?? '') + JSON.stringify(b.data.tmList ?? '') + (b.data.domains ?? '');
    inputTokens += estimateTokens(text) + REQUEST_OVERHEAD_TOKENS + (options.length > 4 ? estimateTokens(options) : 0);
    outputTokens += Math.ceil(estimateTokens(text) * OUTPUT_RATIO);
    segments += b.data.segments.length;
  }
  const cost = tokenCost(model, inputTokens, outputTokens);
  return { segments, requests: batches.length, inputTokens, outputTokens, cost, model: machineName(model), priceDate: PRICE_TABLE_DATE };
}

/** USD for tokens at the model's list price; 0 without one (`paidModel`: the pseudo provider). */
export function tokenCost(model: ModelInfo | undefined, inputTokens: number, outputTokens: number): number {
  return model ? (inputTokens * model.priceIn + outputTokens * model.priceOut) / 1e6 : 0;
}

/** Why a run must not start under `--max-cost` (nothing is sent), or undefined: an estimate equal to the limit may go. */
export function overMaxCost(estimate: CostEstimate, maxCost: number | undefined): string | undefined {
  if (maxCost === undefined || estimate.cost <= maxCost) return undefined;
  return `estimated cost $${estimate.cost.toFixed(4)} is over --max-cost $${maxCost} (${formatEstimate(estimate)}); nothing was sent`;
}

export function formatEstimate(e: CostEstimate): string {
  return `${e.segments} segments in ${e.requests} requests; about ${e.inputTokens} input + ${e.outputTokens} output tokens; estimated cost $${e.cost.toFixed(4)} (${e.model}, list price of ${e.priceDate})`;
}
