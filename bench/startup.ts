// Start-up of the built CLI beside `node -e 0`: runs interleaved, so both see the same machine load.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BIN, ROOT } from '../test/helpers/run-cli.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall time (ms) and CPU time (ms, user + system, read by /usr/bin/time when present) of one run. */
function once(args: string[]): { wall: number; cpu?: number } {
  const timeBin = '/usr/bin/time';
  const useTime = spawnSync(timeBin, ['-f', '%U', 'true']).status === 0;
  const started = performance.now();
  const r = useTime
    ? spawnSync(timeBin, ['-f', '%U %S', process.execPath, ...args], { cwd: ROOT, encoding: 'utf8' })
    : spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const wall = performance.now() - started;
  const times = useTime ? /(\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr) : null;
  return { wall, cpu: times ? (Number(times[1]) + Number(times[2])) * 1000 : undefined };
}

export async function startup(out: (s?: string) => void, runs = 15): Promise<void> {
  const config = path.join(ROOT, 'samples/translate-locales.config.json');
  const cases: [string, string[]][] = [
    ['`node -e 0`', ['-e', '0']],
    ['`--version`', [BIN, '--version']],
    ['`--help`', [BIN, '--help']],
    ['`--check` on samples/', [BIN, '--check', '--config', config]],
  ];
  const wall = cases.map(() => [] as number[]);
  const cpu = cases.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    cases.forEach(([, args], k) => {
      const r = once(args);
      wall[k].push(r.wall);
      if (r.cpu !== undefined) cpu[k].push(r.cpu);
    });
  }
  const base = median(wall[0]);
  const baseCpu = cpu[0].length ? median(cpu[0]) : undefined;
  const best = (v: number[]) => Math.min(...v);
  out('## 8. Start-up');
  out(`The built CLI (\`dist/\`, no TypeScript loader), median of ${runs} runs of each, interleaved with \`node -e 0\`. "Own work" is the time above \`node -e 0\`; "best" is the fastest run, the one other jobs on the machine disturbed least.`);
  out();
  out('| command | wall ms | ÷ `node -e 0` | own work, wall ms | CPU ms (user + sys) | best wall ms (own) |');
  out('|---|---|---|---|---|---|');
  cases.forEach(([name], k) => {
    const w = median(wall[k]);
    const c = cpu[k].length ? median(cpu[k]).toFixed(0) : '—';
    const b = best(wall[k]);
    out(`| ${name} | ${w.toFixed(0)} | ${(w / base).toFixed(2)} | ${k ? (w - base).toFixed(0) : '—'} | ${c}${k && baseCpu !== undefined ? ` (own ${(median(cpu[k]) - baseCpu).toFixed(0)})` : ''} | ${b.toFixed(0)}${k ? ` (${(b - best(wall[0])).toFixed(0)})` : ''} |`);
  });
  out();
}
