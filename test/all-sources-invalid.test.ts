import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { runMain } from './helpers/run-main.ts';
import { redisAndFolder } from './helpers/test-redis.ts';

const scratch = redisAndFolder('tl-invalid-');

describe('a run with nothing to do but errors', () => {
  it('every source invalid: the summary, the report and exit 1, every time', async () => {
    const { redis, dir } = scratch;
    await mkdir(path.join(dir, 'locales'), { recursive: true });
    await writeFile(path.join(dir, 'locales/en.json'), '{"a": "x" "b": "y"}');
    await writeFile(path.join(dir, 'locales/en-GB.json'), '{"a": ');
    await writeFile(
      path.join(dir, 'translate-locales.config.json'),
      JSON.stringify({ sourceLocale: 'en', targetLocales: ['de', 'fr'], files: [{ format: 'json', source: 'locales/{locale}.json' }], provider: { name: 'pseudo' } }),
    );
    for (let i = 0; i < 8; i++) {
      const report = path.join(dir, `report-${i}.json`);
      const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--report', report], { env: { REDIS_URL: redis.url } });
      expect(r.stderr).not.toMatch(/Connection is closed/);
      expect(r.stdout).toMatch(/Finished with problems: 0 written, 0 unchanged, 0 failed \(0 target files\)/);
      expect(r.stderr).toMatch(/error: locales\/en.json:1:\d+: invalid JSON/);
      expect(r.code).toBe(1);
      const parsed = JSON.parse(await readFile(report, 'utf8')) as RunReport;
      expect(parsed.ok).toBe(false);
      expect(parsed.errors.length).toBeGreaterThan(0);
    }
  });
});
