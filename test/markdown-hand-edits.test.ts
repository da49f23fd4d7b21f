import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileReport, RunReport } from '../src/pipeline/run-report.ts';
import { runMain } from './helpers/run-main.ts';
import { useSimulatedEnv } from './helpers/simulated-env.ts';

const KEY = 'sk-markdown-hand-edits-00';
const ctx = useSimulatedEnv(KEY);

const PARAGRAPHS = {
  intro: 'This guide shows how to install the command line tool and run it for the first time.',
  install: 'Install the package with `npm install` and check that the `--version` flag prints a number.',
  config: 'The configuration file lives next to `package.json`; see the [reference](./reference.md) for every key.',
  cache: 'Results are cached between runs, so a second run finishes in a few seconds.',
  help: 'If something goes wrong, open an issue with the output of the failing command.',
};
type Name = keyof typeof PARAGRAPHS;

function page(order: Name[], text: Partial<Record<Name, string>> = {}): string {
  return `---\ntitle: Getting started\n---\n\n# Getting started\n\n${order.map((n) => text[n] ?? PARAGRAPHS[n]).join('\n\n')}\n\n## Next steps\n\n- Read the [reference](./reference.md).\n- Join the discussion forum.\n`;
}

const NOTE = '> **Hinweis der Übersetzung:** Die deutsche Community trifft sich jeden Dienstag im Forum.';
const HAND = 'Installiere das Paket mit `npm install` und prüfe, dass `--version` eine Versionsnummer ausgibt (von Hand übersetzt).';

async function project(): Promise<{ dir: string; run: (...extra: string[]) => Promise<{ code: number | null; out: string; file?: FileReport }> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-hand-edits-'));
  await mkdir(path.join(dir, 'docs/en'), { recursive: true });
  await writeFile(path.join(dir, 'translate-locales.config.json'), JSON.stringify({
    sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'markdown', source: 'docs/{locale}/*.md' }],
    provider: { name: 'qwen-mt', model: 'qwen-mt-flash' }, rateLimit: { rpm: 6000, tpm: 20_000_000 },
  }));
  const run = async (...extra: string[]) => {
    const report = path.join(dir, 'report.json');
    await writeFile(report, '{}');
    const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--report', report, ...extra], { env: ctx.env });
    const parsed = JSON.parse(await readFile(report, 'utf8')) as Partial<RunReport>;
    return { code: r.code, out: r.stdout + r.stderr, file: parsed.files?.[0] };
  };
  return { dir, run };
}

const read = (dir: string, file: string) => readFile(path.join(dir, file), 'utf8');
const write = (dir: string, file: string, text: string) => writeFile(path.join(dir, file), text);

/** Lines that differ between two texts, counted as a line diff does (removed + added). */
function changedLines(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  return x.length + y.length - 2 * lcs[0][0];
}

describe('markdown: a person\'s edits survive structural changes of the source', () => {
  it('keeps a hand edit and a translator\'s note while paragraphs are removed, inserted and edited', async () => {
    const { dir, run } = await project();
    await write(dir, 'docs/en/guide.md', page(['intro', 'install', 'config', 'cache', 'help']));
    expect((await run()).code).toBe(0);
    const first = await read(dir, 'docs/de/guide.md');

    // The translator rewrites one paragraph and adds a note only German readers need.
    const install = first.split('\n\n').find((b) => b.includes('`npm install`'))!;
    const config = first.split('\n\n').find((b) => b.includes('(./reference.md)') && !b.startsWith('-'))!;
    await write(dir, 'docs/de/guide.md', first.replace(install, HAND).replace(config, `${config}\n\n${NOTE}`));

    // The source loses its first paragraph: everything after it moves up.
    await write(dir, 'docs/en/guide.md', page(['install', 'config', 'cache', 'help']));
    const paid = ctx.sim.stats.requests;
    const removed = await run();
    expect(removed.code).toBe(0);
    let de = await read(dir, 'docs/de/guide.md');
    expect(de).toContain(HAND);
    expect(de).toContain(`${config}\n\n${NOTE}\n\n`);
    expect(removed.file!.kept).toBe(1);
    expect(removed.file!.conflicts).toEqual([]);
    expect(removed.file!.warnings).toEqual([expect.stringMatching(/docs\/de\/guide.md: target line \d+: a block not in the source .* kept/)]);
    expect(ctx.sim.stats.requests).toBe(paid);

    // A new paragraph before the hand edit is translated; the person's text stays where it belongs.
    await write(dir, 'docs/en/guide.md', page(['intro', 'cache', 'install', 'config', 'help']));
    const inserted = await run();
    expect(inserted.code, inserted.out).toBe(0);
    de = await read(dir, 'docs/de/guide.md');
    expect(de.indexOf(HAND)).toBeGreaterThan(de.indexOf('# '));
    expect(de.split('\n\n').filter((b) => b === HAND)).toHaveLength(1);
    expect(de).toContain(`${config}\n\n${NOTE}\n\n`);
    expect(de.split('\n\n').indexOf(HAND)).toBe(de.split('\n\n').indexOf(config) - 1);
    expect((await run('--check')).code).toBe(0);

    // The hand-edited paragraph's source changes: kept, and reported as a conflict.
    await write(dir, 'docs/en/guide.md', page(['intro', 'cache', 'install', 'config', 'help'], { install: PARAGRAPHS.install.replace('a number', 'a version number') }));
    const edited = await run();
    expect(await read(dir, 'docs/de/guide.md')).toContain(HAND);
    expect(edited.file!.conflicts).toEqual([expect.stringMatching(/edited by hand and its source changed since; kept/)]);
    const check = await run('--check');
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/conflict: docs\/de\/guide.md/);
  });

  it('keeps the hand edits an older version recorded under byte offsets', async () => {
    const { dir, run } = await project();
    await write(dir, 'docs/en/guide.md', page(['intro', 'install', 'config', 'cache', 'help']));
    expect((await run()).code).toBe(0);
    const first = await read(dir, 'docs/de/guide.md');
    const install = first.split('\n\n').find((b) => b.includes('`npm install`'))!;
    await write(dir, 'docs/de/guide.md', first.replace(install, HAND));
    // state.json as versions before stable ids wrote it: `paragraph@<offset>`.
    const statePath = '.translate-locales/state.json';
    const state = JSON.parse(await read(dir, statePath)) as Record<string, Record<string, [string, string]>>;
    const old = Object.fromEntries(Object.entries(state['docs/de/guide.md']).map(([id, r], i) => [id.startsWith('front-matter') ? id : `${id.split(':')[0]}@${100 + i * 37}`, r]));
    await write(dir, statePath, JSON.stringify({ 'docs/de/guide.md': old }, null, 1) + '\n');

    await write(dir, 'docs/en/guide.md', page(['install', 'config', 'cache', 'help']));
    const r = await run();
    expect(r.code).toBe(0);
    expect(await read(dir, 'docs/de/guide.md')).toContain(HAND);
    expect(r.file!.kept).toBe(1);
    const migrated = JSON.parse(await read(dir, statePath)) as Record<string, Record<string, unknown>>;
    expect(Object.keys(migrated['docs/de/guide.md']).some((id) => id.includes('@'))).toBe(false);
  });
});

describe('markdown: a person\'s text with no place of its own', () => {
  it('is never overwritten: the target is left as it is and reported with its line', async () => {
    const { dir, run } = await project();
    await write(dir, 'docs/en/guide.md', page(['intro', 'install', 'config']));
    expect((await run()).code).toBe(0);
    const added = (await read(dir, 'docs/de/guide.md')).replace(/\n$/, '\n- Das deutsche Forum ist auf forum.example.de.\n');
    await write(dir, 'docs/de/guide.md', added);
    await write(dir, 'docs/en/guide.md', page(['intro', 'config']));
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.file!.status).toBe('failed');
    expect(r.out).toMatch(/docs\/de\/guide.md: not written: target line \d+: text that matches no source paragraph has no place/);
    expect(await read(dir, 'docs/de/guide.md')).toBe(added);
  });
});

describe('state.json stays small and stable', () => {
  it('keys units by stable ids, forgets removed ones, and a one-paragraph edit changes at most 10 lines', async () => {
    const { dir, run } = await project();
    const statePath = '.translate-locales/state.json';
    await write(dir, 'docs/en/guide.md', page(['intro', 'install', 'config', 'cache', 'help']));
    expect((await run()).code).toBe(0);
    const before = await read(dir, statePath);
    const ids = Object.keys((JSON.parse(before) as Record<string, Record<string, unknown>>)['docs/de/guide.md']);
    expect(ids.every((id) => /^(front-matter:title|(paragraph|heading):[\w-]{8}(~\d+)?)$/.test(id))).toBe(true);

    // A paragraph inserted at the top moves every offset below it; ids stay.
    await write(dir, 'docs/en/guide.md', page(['help', 'intro', 'install', 'config', 'cache'], { help: 'A new first paragraph.' }));
    expect((await run()).code).toBe(0);
    const inserted = await read(dir, statePath);
    expect(changedLines(before, inserted)).toBeLessThanOrEqual(10);

    await write(dir, 'docs/en/guide.md', page(['help', 'intro', 'install', 'config', 'cache'], { help: 'A new first paragraph.', cache: PARAGRAPHS.cache.replace('seconds', 'moments') }));
    expect((await run()).code).toBe(0);
    const edited = await read(dir, statePath);
    expect(changedLines(inserted, edited)).toBeLessThanOrEqual(10);
    const units = Object.keys((JSON.parse(edited) as Record<string, Record<string, unknown>>)['docs/de/guide.md']);
    expect(units).toHaveLength(ids.length); // the removed paragraph's record is gone
  });
});
