import type { ModelInfo } from '../config/models.ts';
import { estimateTokens } from '../segments/tokens.ts';
import { estimateCost, type CostEstimate } from './estimate-cost.ts';
import type { Batch } from './pack-batches.ts';
import type { RunPlan } from './plan-run.ts';

/** One locale and file group's part of a run's estimate. */
export interface EstimateRow {
  readonly locale: string;
  readonly group: number;
  readonly segments: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cost: number;
}

/**
 * The estimate per locale (exact: requests never mix locales) and per file group within a locale
 * (the locale's figures shared out by the groups' text tokens; a segment that several groups
 * share is counted once, in the first group that has it, as it is sent once).
 */
export function estimateBreakdown(plan: RunPlan, batches: readonly Batch[], model: ModelInfo | undefined): EstimateRow[] {
  const owner = new Map<string, number>();
  for (const s of plan.pairs) for (const key of s.pending) if (!owner.has(`${s.pair.locale}\u0000${key}`)) owner.set(`${s.pair.locale}\u0000${key}`, s.pair.group);
  const byLocale = new Map<string, Batch[]>();
  for (const b of batches) {
    const locale = plan.pending.get(b.data.segments[0].key)?.locale;
    if (locale === undefined) continue;
    byLocale.set(locale, [...(byLocale.get(locale) ?? []), b]);
  }
  const rows: EstimateRow[] = [];
  for (const [locale, list] of byLocale) {
    const whole: CostEstimate = estimateCost(list, model);
    const groups = new Map<number, { segments: number; tokens: number }>();
    let tokens = 0;
    for (const b of list) {
      for (const seg of b.data.segments) {
        const group = owner.get(`${locale}\u0000${seg.key}`) ?? 0;
        const g = groups.get(group) ?? { segments: 0, tokens: 0 };
        const t = estimateTokens(seg.text);
        g.segments++;
        g.tokens += t;
        tokens += t;
        groups.set(group, g);
      }
    }
    for (const [group, g] of [...groups].sort((a, b) => a[0] - b[0])) {
      const share = tokens ? g.tokens / tokens : 0;
      rows.push({ locale, group, segments: g.segments, inputTokens: Math.round(whole.inputTokens * share), outputTokens: Math.round(whole.outputTokens * share), cost: whole.cost * share });
    }
  }
  return rows.sort((a, b) => a.locale.localeCompare(b.locale) || a.group - b.group);
}
