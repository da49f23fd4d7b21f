import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateRun } from '../src/cli/offline-commands.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { scratchProject } from './helpers/run-cli.ts';

describe('--dry-run breakdown', () => {
  it('splits the estimate per locale and file group, adding up to the whole', async () => {
    const dir = await scratchProject();
    const config = await loadConfig(path.join(dir, 'translate-locales.config.json'), { provider: 'qwen-mt' });
    const { estimate, breakdown } = await estimateRun(config);
    expect(new Set(breakdown.map((r) => r.locale))).toEqual(new Set(['de', 'ja', 'ru']));
    expect(new Set(breakdown.map((r) => r.group))).toEqual(new Set([0, 1, 2, 3]));
    expect(breakdown.reduce((s, r) => s + r.segments, 0)).toBe(estimate.segments);
    expect(Math.abs(breakdown.reduce((s, r) => s + r.inputTokens, 0) - estimate.inputTokens)).toBeLessThanOrEqual(breakdown.length);
    expect(breakdown.reduce((s, r) => s + r.cost, 0)).toBeCloseTo(estimate.cost, 10);
    // Markdown docs are the longest texts of the samples: the largest share of each locale.
    for (const locale of ['de', 'ja', 'ru']) {
      const rows = breakdown.filter((r) => r.locale === locale);
      expect(rows.reduce((a, b) => (b.cost > a.cost ? b : a)).group).toBe(2);
    }
  });
});
