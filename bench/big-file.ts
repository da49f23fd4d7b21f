// One large JSON file end to end, this build beside an earlier one (`BENCH_BEFORE_CLI`, by default
// a build of 0091c71 in /work/base, whose CLI was dist/src/cli/main.js), run interleaved so both see
// the same machine load. Peak memory is the CLI process's maximum resident set size as /usr/bin/time
// reports it (the run's in-process workers included; its private redis-server is a process of its own).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { uiStringsJson } from '../test/helpers/corpus.ts';
import { BIN } from '../test/helpers/run-cli.ts';

interface Measure {
  readonly rssMb: number;
  readonly wallS: number;
}

const TIME = '/usr/bin/time';

/** Runs the CLI once with the pseudo provider and a private Redis (no REDIS_URL, no NODE_OPTIONS). */
function measure(cli: string, args: string[]): Measure {
  const env = { ...process.env };
  for (const k of ['REDIS_URL', 'NODE_OPTIONS', 'DASHSCOPE_API_KEY']) delete env[k];
  const started = performance.now();
  const r = spawnSync(TIME, ['-f', 'maxrss=%M', process.execPath, cli, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallS = (performance.now() - started) / 1000;
  const rss = /maxrss=(\d+)/.exec(r.stderr);
  if (r.status !== 0 || !rss) throw new Error(`${cli} ${args.join(' ')} failed (exit ${r.status}): ${r.stdout.slice(-1500)}${r.stderr.slice(-1500)}`);
  return { rssMb: Number(rss[1]) / 1024, wallS };
}

async function project(json: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-bigfile-'));
  await mkdir(path.join(dir, 'locales'));
  await writeFile(path.join(dir, 'locales/en.json'), json);
  await writeFile(path.join(dir, 'translate-locales.config.json'), JSON.stringify({ sourceLocale: 'en', targetLocales: ['de'], provider: { name: 'pseudo' }, files: [{ format: 'json', source: 'locales/{locale}.json' }] }, null, 2));
  return dir;
}

export async function bigFile(out: (s?: string) => void, quick: boolean): Promise<void> {
  const before = process.env.BENCH_BEFORE_CLI ?? '/work/base/dist/src/cli/main.js';
  const clis: [string, string][] = [['after', BIN], ...(existsSync(before) ? [['before', before] as [string, string]] : [])];
  if (spawnSync(TIME, ['-f', '%M', 'true']).status !== 0) throw new Error(`${TIME} is needed to read the peak memory of a run`);
  const sizes = quick ? [2, 5] : [10, 50];
  const perString = Buffer.byteLength(uiStringsJson(10_000, 41)) / 10_000;

  const empty = await project('{}\n');
  const baseline = new Map<string, { version: number; empty: number }>();
  for (const [name, cli] of clis) {
    baseline.set(name, { version: measure(cli, ['--version']).rssMb, empty: measure(cli, ['--config', path.join(empty, 'translate-locales.config.json')]).rssMb });
  }
  await rm(empty, { recursive: true, force: true });

  out('## 10. Peak memory on one large file');
  out(`UI strings in one JSON file into one locale, pseudo provider, the run's own private redis-server, no \`NODE_OPTIONS\`; the built CLI of this commit ("after") beside ${clis.length > 1 ? `the one at ${before} ("before")` : '(no earlier build found)'}, interleaved. Peak = the CLI's maximum resident set size (/usr/bin/time). "Above baseline ÷ size" takes off the peak of a run on an empty project (\`{}\`) with the same CLI; the cold run translates everything, the rerun has nothing to do.`);
  out();
  out(`Baselines, MiB: ${clis.map(([n]) => `${n}: \`--version\` ${baseline.get(n)!.version.toFixed(0)}, empty project ${baseline.get(n)!.empty.toFixed(0)}`).join('; ')}.`);
  out();
  out('| file | strings | run | build | peak MiB | above baseline ÷ file size | wall s | wall ÷ before |');
  out('|---|---|---|---|---|---|---|---|');
  for (const mb of sizes) {
    const n = Math.ceil((mb * 2 ** 20) / perString);
    const source = await project(uiStringsJson(n, 41));
    const size = statSync(path.join(source, 'locales/en.json')).size / 2 ** 20;
    const results = new Map<string, Measure>();
    for (const [name, cli] of clis) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-bigfile-run-'));
      await cp(source, dir, { recursive: true });
      const config = ['--config', path.join(dir, 'translate-locales.config.json')];
      results.set(`${name} cold`, measure(cli, config));
      results.set(`${name} rerun`, measure(cli, config));
      await rm(dir, { recursive: true, force: true });
    }
    for (const run of ['cold', 'rerun']) {
      for (const [name] of clis) {
        const m = results.get(`${name} ${run}`)!;
        const b = results.get(`before ${run}`);
        const above = (m.rssMb - baseline.get(name)!.empty) / size;
        out(`| ${size.toFixed(1)} MiB | ${n.toLocaleString('en')} | ${run} | ${name} | ${m.rssMb.toFixed(0)} | **${above.toFixed(1)}** | ${m.wallS.toFixed(1)} | ${b ? (m.wallS / b.wallS).toFixed(2) : '—'} |`);
      }
    }
    await rm(source, { recursive: true, force: true });
  }
  out();
}
