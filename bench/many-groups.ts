// 10,000 file groups of one file each against the same files through one glob: planning must not
// be quadratic in groups. Runs interleaved, medians, so both see the same machine load.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BIN } from '../test/helpers/run-cli.ts';

function timed(args: string[], cwd: string): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, REDIS_URL: undefined } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stdout.slice(-500)}${r.stderr.slice(-500)}`);
  return performance.now() - started;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

export async function manyGroups(out: (s?: string) => void, files: number, runs = 3): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-bench-groups-'));
  try {
    await mkdir(path.join(dir, 'docs/en'), { recursive: true });
    for (let i = 0; i < files; i++) {
      await writeFile(path.join(dir, `docs/en/f${i}.json`), JSON.stringify({ title: `Title number ${i}`, body: `Body text of file ${i}`, note: 'Shared note' }, null, 2) + '\n');
    }
    const base = { sourceLocale: 'en', targetLocales: ['de'], provider: { name: 'pseudo' } };
    await writeFile(path.join(dir, 'one.json'), JSON.stringify({ ...base, files: [{ format: 'json', source: 'docs/{locale}/*.json' }] }));
    await writeFile(path.join(dir, 'many.json'), JSON.stringify({ ...base, files: Array.from({ length: files }, (_, i) => ({ format: 'json', source: `docs/{locale}/f${i}.json` })) }));
    const first = timed(['--config', 'many.json'], dir);
    const times = { checkOne: [] as number[], checkMany: [] as number[], rerunMany: [] as number[] };
    for (let i = 0; i < runs; i++) {
      times.checkOne.push(timed(['--check', '--config', 'one.json'], dir));
      times.checkMany.push(timed(['--check', '--config', 'many.json'], dir));
      times.rerunMany.push(timed(['--config', 'many.json'], dir));
    }
    const [checkOne, checkMany, rerunMany] = [median(times.checkOne), median(times.checkMany), median(times.rerunMany)];
    out('## 9. Many file groups');
    out(`${files} JSON files of 3 strings into one locale (pseudo provider, private redis-server), configured as ${files} groups of one file each or as one glob; median of ${runs} interleaved runs of each.`);
    out();
    out('| figure | value |');
    out('|---|---|');
    out(`| first run, ${files} groups (translates everything), s | ${(first / 1000).toFixed(1)} |`);
    out(`| \`--check\`, one glob, s | ${(checkOne / 1000).toFixed(1)} |`);
    out(`| \`--check\`, ${files} groups, s | ${(checkMany / 1000).toFixed(1)} |`);
    out(`| rerun with nothing to do, ${files} groups, s | ${(rerunMany / 1000).toFixed(1)} |`);
    out(`| rerun (groups) ÷ \`--check\` (one glob) | **${(rerunMany / checkOne).toFixed(2)}** |`);
    out(`| \`--check\` (groups) ÷ \`--check\` (one glob) | ${(checkMany / checkOne).toFixed(2)} |`);
    out();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
