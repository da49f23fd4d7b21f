import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { scratchProject } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { startTestRedis } from './helpers/test-redis.ts';

let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

describe('--only and --force', () => {
  it('limits a run to matching sources, and translates them again on purpose, keeping hand edits', async () => {
    const dir = await scratchProject();
    const config = path.join(dir, 'translate-locales.config.json');
    const report = path.join(dir, 'report.json');
    const run = async (...args: string[]): Promise<RunReport> => {
      const r = await runMain(['--config', config, '--to', 'de', '--report', report, ...args], { env: { REDIS_URL: redis.url } });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(await readFile(report, 'utf8')) as RunReport;
    };
    const only = await run('--only', 'locales/**');
    expect(only.files.map((f) => f.target)).toEqual(['locales/de/common.json']);
    expect(only.totals.translated).toBe(14);

    const again = await run('--only', './locales/**');
    expect(again.totals).toMatchObject({ translated: 0, reused: 14, requests: 0 });

    const de = path.join(dir, 'locales/de/common.json');
    const text = await readFile(de, 'utf8');
    const edited = text.replace(/"([^"]*)"(\s*)$/m, '"Von Hand"$2');
    expect(edited).not.toBe(text);
    await writeFile(de, edited);
    const forced = await run('--only', 'locales/**', '--force');
    expect(forced.files.map((f) => f.target)).toEqual(['locales/de/common.json']);
    expect(forced.totals.translated).toBe(13);
    expect(forced.totals.requests).toBeGreaterThan(0);
    expect(forced.files[0].kept).toBe(1);
    expect(await readFile(de, 'utf8')).toContain('"Von Hand"');
  });
});
