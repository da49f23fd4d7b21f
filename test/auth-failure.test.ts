import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { scratchProject } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { useSimulatedEnv } from './helpers/simulated-env.ts';

const KEY = 'sk-auth-right-0123456789';
const ctx = useSimulatedEnv(KEY);

describe('an authentication failure', () => {
  it('is never remembered: the next run with the right key translates everything', async () => {
    const dir = await scratchProject(undefined, (c) => ({ ...c, provider: { name: 'qwen-mt' }, rateLimit: { rpm: 6000, tpm: 20_000_000 } }));
    const args = ['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json')];
    const wrong = await runMain(args, { env: { ...ctx.env, DASHSCOPE_API_KEY: 'sk-auth-wrong-9876543210' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout + wrong.stderr).toMatch(/rejected the API key/);
    expect(ctx.sim.stats.ok).toBe(0);

    const right = await runMain(args, { env: ctx.env });
    expect(right.stdout + right.stderr).not.toMatch(/rejected the API key/);
    expect(right.code).toBe(0);
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.ok).toBe(true);
    expect(report.totals.translated).toBe(report.totals.segments);
    expect(ctx.sim.stats.ok).toBeGreaterThan(0);
  });

  it('nor is an exhausted quota once it is topped up', async () => {
    const dir = await scratchProject(undefined, (c) => ({ ...c, provider: { name: 'qwen-mt' }, rateLimit: { rpm: 6000, tpm: 20_000_000 } }));
    const args = ['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json')];
    ctx.sim.configure({ script: ['429-quota'] });
    const exhausted = await runMain(args, { env: ctx.env });
    expect(exhausted.code).toBe(1);
    expect(exhausted.stdout + exhausted.stderr).toMatch(/quota exhausted/);
    const topped = await runMain(args, { env: ctx.env });
    expect(topped.stdout + topped.stderr).not.toMatch(/quota exhausted/);
    expect(topped.code).toBe(0);
  });
});
