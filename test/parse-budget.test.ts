import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatError } from '../src/errors/format-error.ts';
import type { Format } from '../src/formats/format.ts';
import { markdownFormat } from '../src/formats/markdown/markdown-format.ts';
import { nestingDepth } from '../src/formats/markdown/nesting-depth.ts';
import { MAX_NESTING, withinParseBudget } from '../src/formats/parse-budget.ts';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { BIN, runCli } from './helpers/run-cli.ts';
import { startTestRedis } from './helpers/test-redis.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures/markdown');
/** What took the parser 90 s and a stack overflow, 8 minutes and 1.9 GB, before the budget. */
const HOSTILE: Record<string, string> = {
  'markers.md': '- '.repeat(10_000) + 'x\n',
  'quotes.md': '>'.repeat(2_000) + ' x\n',
  'indented.md': Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i * 2)}- level ${i}`).join('\n') + '\n',
  // 20,000 flow brackets in front matter crash the process in the YAML library (out of memory in V8's regexp compiler).
  'front-matter.md': '---\ntitle: ' + '['.repeat(20_000) + '\n---\n\n# Title\n',
};

let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-budget-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  await writeFile(
    path.join(dir, 'translate-locales.config.json'),
    JSON.stringify({ sourceLocale: 'en', targetLocales: ['de'], provider: { name: 'pseudo' }, files: [{ format: 'markdown', source: 'docs/{locale}/*.md' }] }),
  );
  return dir;
}

describe('parse budget', () => {
  it('finds how deep Markdown containers nest, by line, and real documents stay far below the limit', () => {
    expect(nestingDepth(HOSTILE['markers.md']).depth).toBeGreaterThan(10_000);
    expect(nestingDepth(HOSTILE['quotes.md'])).toEqual({ depth: 2_000, line: 1 });
    expect(nestingDepth(HOSTILE['indented.md']).line).toBe(2_000);
    expect(nestingDepth('---\ntitle: [a, [b, {c: d}]]\nlist:\n  - x\n---\n\n# T\n')).toEqual({ depth: 3, line: 2 });
    expect(nestingDepth('text\n\n> quote\n> > nested\n\n- a\n  - b\n    - c\n')).toEqual({ depth: 3, line: 8 });
    for (const f of readdirSync(FIXTURES)) expect(nestingDepth(readFileSync(path.join(FIXTURES, f), 'utf8')).depth, f).toBeLessThan(10);
  });

  it('refuses a parse that runs past its time, and the parser works normally afterwards', () => {
    const long = 'A paragraph with *emphasis* and `code`.\n\n'.repeat(20_000);
    const parse = () => withinParseBudget(markdownFormat as Format<unknown>, long, () => markdownFormat.parse({ path: 'long.md', text: long }), { timeMs: 20 });
    expect(parse).toThrow(FormatError);
    expect(parse).toThrow(/parsing took longer than 0\.\d s/);
    const small = withinParseBudget(markdownFormat as Format<unknown>, '# Title\n\nText.\n', () => markdownFormat.parse({ path: 'ok.md', text: '# Title\n\nText.\n' }));
    expect(small.tree.children.map((c) => c.type)).toEqual(['heading', 'paragraph']);
  });

  it('turns a parser stack overflow into a refusal of that file', () => {
    const recurse = (n: number): number => recurse(n + 1) + 1;
    expect(() => withinParseBudget(markdownFormat as Format<unknown>, '', () => recurse(0))).toThrow(/nested too deeply to parse/);
  });

  it('refuses deeply nested sources and targets within seconds, with file and line, and translates the rest', async () => {
    const dir = await project({
      ...Object.fromEntries(Object.entries(HOSTILE).map(([name, text]) => [`docs/en/${name}`, text])),
      'docs/en/good.md': '# Guide\n\nSome text.\n',
      'docs/en/edited.md': '# Edited\n',
      // A target a pull request made hostile: its parse is refused, its source is not at fault.
      'docs/de/edited.md': '>'.repeat(5_000) + ' x\n',
    });
    const r = await runCli(['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json')], { env: { REDIS_URL: redis.url } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`docs/en/markers.md:1: nested about \\d+ levels deep \\(more than ${MAX_NESTING}\\); refused without parsing`));
    expect(r.stderr).toMatch(/docs\/en\/quotes.md:1: nested about 2000 levels deep/);
    expect(r.stderr).toMatch(/docs\/en\/indented.md:\d+: nested about \d+ levels deep/);
    expect(r.stderr).toMatch(/docs\/en\/front-matter.md:2: nested about 20000 levels deep/);
    expect(r.stderr).toMatch(/docs\/en\/edited.md: target docs\/de\/edited.md \(line 1\): nested about 5000 levels deep/);
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.files.map((f) => [f.source, f.status])).toEqual([['docs/en/good.md', 'written']]);
    expect(await readFile(path.join(dir, 'docs/de/good.md'), 'utf8')).toMatch(/^# ［Ĝúíðé/);
  });

  it('stops planning at SIGTERM: the files not yet read are left for the next run', async () => {
    // Each file takes the parser about a second: planning all of them would take many.
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`docs/en/page${i}.md`] = `# Page ${i}\n\n` + 'A paragraph with *emphasis*, `code` and a [link](https://example.com).\n\n'.repeat(600);
    const dir = await project(files);
    const child = spawn(process.execPath, [BIN, '--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json'), '--verbose'], {
      env: { ...process.env, REDIS_URL: redis.url }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    // Told as planning starts.
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/reading the files/.test(stderr) && !child.killed) child.kill('SIGTERM');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stdout, stderr.slice(-3000)).toMatch(/interrupted by SIGTERM/);
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.aborted).toMatch(/interrupted by SIGTERM/);
    expect(report.files.length).toBeLessThan(12);
    expect(report.totals.requests).toBe(0);
  });
});
