import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { estimateRun } from '../src/cli/offline-commands.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { Run } from '../src/run/run.ts';
import { localWorkers as workers } from './helpers/local-workers.ts';
import { scratchProject } from './helpers/run-cli.ts';
import { startTestRedis } from './helpers/test-redis.ts';

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

  it('counts the requests the run then sends: both pack with the same limits', async () => {
    const dir = await scratchProject();
    const redis = await startTestRedis();
    try {
      // A small budget per request (TPM ÷ RPM) and few segments each: many requests, so any difference shows.
      const overrides = { provider: 'pseudo' as const, to: ['de', 'ja'], redis: redis.url };
      const config = await loadConfig(path.join(dir, 'translate-locales.config.json'), overrides);
      const limited = { ...config, rateLimit: { rpm: 600, tpm: 60_000 }, rpm: 600, tpm: 60_000, batch: { maxSegments: 7 } };
      const { estimate } = await estimateRun(limited);
      const { report } = await new Run({ config: limited, logger: pino({ level: 'silent' }), workers }).start();
      expect(estimate.requests).toBeGreaterThan(10);
      expect(report.totals.splits).toBe(0);
      expect(report.totals.requests).toBe(estimate.requests);
      expect(report.totals.translated).toBeGreaterThanOrEqual(estimate.segments);
    } finally {
      await redis.stop();
    }
  });
});
