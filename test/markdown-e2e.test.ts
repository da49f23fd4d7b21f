import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { scratchProject } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { useSimulatedEnv } from './helpers/simulated-env.ts';

const KEY = 'sk-markdown-e2e-0000000';

const docsOnly = (extra: Record<string, unknown> = {}) => (c: Record<string, unknown>) => ({
  ...c, ...extra, targetLocales: ['de'], files: [{ format: 'markdown', source: 'docs/{locale}/**/*.md' }],
  provider: { name: 'qwen-mt', model: 'qwen-mt-flash' }, rateLimit: { rpm: 6000, tpm: 20_000_000 }, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
});

async function run(dir: string): Promise<{ code: number | null; report: RunReport; stdout: string; stderr: string }> {
  const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json')], { env: ctx.env });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, report: JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport };
}

const ctx = useSimulatedEnv(KEY);

describe('markdown through the queue and the simulator', () => {
  it('writes every document with its code, links and structure intact', async () => {
    const dir = await scratchProject(undefined, docsOnly());
    const { code, report } = await run(dir);
    expect(code).toBe(0);
    expect(report.files.map((f) => [f.target, f.status])).toEqual([
      ['docs/de/getting-started.md', 'written'],
      ['docs/de/guides/deploy.md', 'written'],
    ]);
    const de = await readFile(path.join(dir, 'docs/de/guides/deploy.md'), 'utf8');
    expect(de).toContain('   ```sh\n   ls dist/\n   ```');
    expect(de).toContain('`rsync -a dist/ server:/srv`');
    expect(de).toContain('[hosting]: https://example.com/hosting');
    expect(de).not.toContain('Deploying to production');
    expect(de).toMatch(/^---\ntitle: \S+\nsidebar_label: \S+\n---\n/);
    const start = await readFile(path.join(dir, 'docs/de/getting-started.md'), 'utf8');
    expect(start).toContain('Keep this sentence in English.');
    expect(start).toContain('```python\nprint("hello")  # neither is this\n```');
  });

  it('reproduces each document byte for byte when the service returns its input', async () => {
    ctx.sim.configure({ mode: 'identity' });
    const dir = await scratchProject(undefined, docsOnly());
    expect((await run(dir)).code).toBe(0);
    for (const f of ['getting-started.md', 'guides/deploy.md']) {
      expect(await readFile(path.join(dir, 'docs/de', f))).toEqual(await readFile(path.join(dir, 'docs/en', f)));
    }
  });

  it('does not write a document whose segment failed, and names the segment', async () => {
    ctx.sim.configure({ moderate: ['static host'] });
    const dir = await scratchProject(undefined, docsOnly());
    const { code, report, stderr } = await run(dir);
    expect(code).toBe(1);
    const deploy = report.files.find((f) => f.target.endsWith('deploy.md'))!;
    expect(deploy).toMatchObject({ status: 'failed', failed: 1 });
    expect(deploy.errors[0]).toMatch(/docs\/en\/guides\/deploy.md:8:1 → docs\/de\/guides\/deploy.md: paragraph:[\w-]+: .*inappropriate content/);
    expect(stderr).toContain("deploy.md:8:1");
    expect(existsSync(path.join(dir, 'docs/de/guides/deploy.md'))).toBe(false);
    expect(report.files.find((f) => f.target.endsWith('getting-started.md'))!.status).toBe('written');
  });

  it('with onFailure "keep-source", writes it with that paragraph in English and lists it', async () => {
    ctx.sim.configure({ moderate: ['static host'] });
    const dir = await scratchProject(undefined, docsOnly({ onFailure: 'keep-source' }));
    const { code, report } = await run(dir);
    expect(code).toBe(1);
    const deploy = report.files.find((f) => f.target.endsWith('deploy.md'))!;
    expect(deploy).toMatchObject({ status: 'written', failed: 1 });
    const de = await readFile(path.join(dir, 'docs/de/guides/deploy.md'), 'utf8');
    expect(de).toContain('Build the site with `acme build`, then copy the `dist/` folder to any static host.\nSee the [hosting guide][hosting]');
    expect(de).not.toContain('Deploying to production');
  });
});
