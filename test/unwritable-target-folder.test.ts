import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { runMain } from './helpers/run-main.ts';
import { redisAndFolder } from './helpers/test-redis.ts';

// Tests run as root, where a folder's permissions stop nothing: the refusal is made here, for files beside de.json.
let readOnly = false;
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const openSync = ((file: string, ...rest: unknown[]) => {
    if (readOnly && /\/\.de\.json\.[0-9a-f]{12}\.tmp$/.test(String(file))) throw Object.assign(new Error(`EROFS: read-only file system, open '${String(file)}'`), { code: 'EROFS' });
    return (fs.openSync as (...args: unknown[]) => number)(file, ...rest);
  }) as typeof fs.openSync;
  return { ...fs, openSync, default: { ...fs, openSync } };
});

const scratch = redisAndFolder('tl-readonly-');

async function run(): Promise<{ code: number | null; report: RunReport; out: string }> {
  const { redis, dir } = scratch;
  const report = path.join(dir, 'report.json');
  const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--report', report], { env: { REDIS_URL: redis.url } });
  return { code: r.code, report: JSON.parse(await readFile(report, 'utf8')) as RunReport, out: r.stdout + r.stderr };
}

describe('a JSON target in a folder the run may not write', () => {
  it('is unchanged when nothing in it changes (no temporary file needed); a change to it fails with the reason', async () => {
    const { redis, dir } = scratch;
    await mkdir(path.join(dir, 'locales'), { recursive: true });
    await writeFile(path.join(dir, 'locales/en.json'), '{"hello": "Hello", "bye": "Goodbye"}\n');
    await writeFile(
      path.join(dir, 'translate-locales.config.json'),
      JSON.stringify({ sourceLocale: 'en', targetLocales: ['de', 'fr'], files: [{ format: 'json', source: 'locales/{locale}.json' }], provider: { name: 'pseudo' } }),
    );
    expect((await run()).code).toBe(0);
    const before = await readFile(path.join(dir, 'locales/de.json'), 'utf8');
    readOnly = true;
    const again = await run();
    expect(again.code).toBe(0);
    expect(again.report.files.map((f) => [f.target, f.status])).toEqual([['locales/de.json', 'unchanged'], ['locales/fr.json', 'unchanged']]);
    await writeFile(path.join(dir, 'locales/en.json'), '{"hello": "Hello there", "bye": "Goodbye"}\n');
    const changed = await run();
    expect(changed.code).toBe(1);
    expect(changed.out).toMatch(/locales\/de\.json: not written: EROFS/);
    expect(changed.report.files.find((f) => f.target === 'locales/fr.json')?.status).toBe('written');
    expect(await readFile(path.join(dir, 'locales/de.json'), 'utf8')).toBe(before);
  });
});
