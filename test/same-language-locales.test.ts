import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { runCli } from './helpers/run-cli.ts';
import { scratchFiles } from './helpers/scratch-files.ts';

// pt-BR and pt-PT (es and es-MX, en-US and en-GB) are one Qwen-MT language: their segments share memory
// keys and travel once. Each locale keeps its own memory, so the one request's translations go to both.
describe('two target locales of one language', () => {
  it('are both written, from one request per segment, and a rerun finds both in the memory', async () => {
    const dir = await scratchFiles({
      'locales/en.json': JSON.stringify({ hello: 'Hello world', save: 'Save' }),
      'translate-locales.config.json': JSON.stringify({ sourceLocale: 'en', targetLocales: ['pt-BR', 'pt-PT'], files: [{ format: 'json', source: 'locales/{locale}.json' }], provider: { name: 'pseudo' } }),
    });
    const config = path.join(dir, 'translate-locales.config.json');
    const run = async (): Promise<RunReport> => {
      const r = await runCli(['--config', config, '--report', path.join(dir, 'report.json')]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
    };
    // Two segments in each of two files: one request.
    expect((await run()).totals).toMatchObject({ requests: 1, translated: 4 });
    const br = JSON.parse(await readFile(path.join(dir, 'locales/pt-BR.json'), 'utf8')) as Record<string, string>;
    const pt = JSON.parse(await readFile(path.join(dir, 'locales/pt-PT.json'), 'utf8')) as Record<string, string>;
    expect(pt).toEqual(br);
    expect(br.hello).not.toBe('Hello world');
    expect((await run()).totals).toMatchObject({ requests: 0, reused: 4 });
    const check = await runCli(['--config', config, '--check']);
    expect(check.stdout).toBe('All targets are current.\n');
    expect(check.code).toBe(0);
  });
});
