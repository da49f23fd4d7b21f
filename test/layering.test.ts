import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/util/package-root.ts';

const ROOT = packageRoot(import.meta.url);

/** Every TypeScript file below `dir`, relative to the repository. */
async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, dir), { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

/** The repository-relative files a source imports (static, re-exported or dynamic), relative specifiers only. */
async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(path.join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), s)));
}

/** Each `file → import` pair where a file of `from` imports below one of `forbidden`. */
async function violations(from: string[], forbidden: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const dir of from) {
    for (const file of await sources(dir)) {
      for (const target of await importsOf(file)) {
        if (forbidden.some((f) => target === f || target.startsWith(f + '/'))) found.push(`${file} → ${target}`);
      }
    }
  }
  return found;
}

describe('layers point one way', () => {
  it('finds the imports it checks (the scan itself works)', async () => {
    expect(await importsOf('workers/translate-worker.ts')).toContain('jobs/translate-batch.ts');
    expect(await violations(['workers'], ['jobs'])).toContain('workers/translate-worker.ts → jobs/translate-batch.ts');
  });

  it('nothing in src/ imports workers/, jobs/ or bin/', async () => {
    expect(await violations(['src'], ['workers', 'jobs', 'bin'])).toEqual([]);
  });

  it('nothing in workers/ or jobs/ imports the run or the pipeline', async () => {
    expect(await violations(['workers', 'jobs'], ['src/run', 'src/pipeline', 'src/assemble', 'src/cli', 'bin'])).toEqual([]);
  });

  it('the run and what it composes do not import the command line', async () => {
    expect(await violations(['src/run', 'src/pipeline', 'src/assemble', 'src/queue', 'src/formats', 'src/memory', 'src/segments'], ['src/cli', 'src/ci', 'src/service'])).toEqual([]);
  });

  it('no format is named outside src/formats/ (the registry lists them)', async () => {
    const { FORMATS } = await import('../src/formats/registry.ts');
    const names = new RegExp(`['"\`](${FORMATS.map((f) => f.name).join('|')})['"\`]`);
    const found: string[] = [];
    for (const dir of ['src', 'workers', 'jobs', 'bin']) {
      for (const file of await sources(dir)) {
        // `--progress json` (progress-display.ts) is an output mode, not the JSON format.
        if (file.startsWith('src/formats/') || file === 'src/cli/progress-display.ts') continue;
        const lines = (await readFile(path.join(ROOT, file), 'utf8')).split('\n');
        lines.forEach((line, i) => names.test(line) && !line.includes("'bar'") && found.push(`${file}:${i + 1}`));
      }
    }
    expect(found).toEqual([]);
  });
});
