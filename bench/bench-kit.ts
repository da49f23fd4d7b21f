// What every bench section shares: scratch projects, CLI runs, the simulator with a private Redis, checks.
import { execSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { PrivateRedis } from '../src/redis/private-redis.ts';
import { protect, restore } from '../src/segments/placeholders.ts';
import { ROOT, runCli } from '../test/helpers/run-cli.ts';
import { fakeTranslate } from '../test/simulator/fake-translate.ts';
import { QwenMtSimulator, type SimulatorKnobs } from '../test/simulator/qwen-mt-simulator.ts';
import { simTokens } from '../test/simulator/sim-tokenizer.ts';

export const KEY = 'sk-bench-0000000000000000';

export interface Project {
  dir: string;
  config: string;
}

export async function project(files: Record<string, string>, config: Record<string, unknown>): Promise<Project> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-bench-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const file = path.join(dir, 'translate-locales.config.json');
  await writeFile(file, JSON.stringify({ sourceLocale: 'en', targetLocales: ['de'], provider: { name: 'qwen-mt', model: 'qwen-mt-flash' }, ...config }, null, 2));
  return { dir, config: file };
}

export async function run(p: Project, env: NodeJS.ProcessEnv, extra: string[] = []): Promise<RunReport> {
  const reportFile = path.join(p.dir, 'report.json');
  const r = await runCli(['--config', p.config, '--report', reportFile, ...extra], { env });
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as RunReport;
  if (r.code !== 0 || !report.ok || report.totals.failed) throw new Error(`run failed (exit ${r.code}): ${r.stdout.slice(-2000)}`);
  return report;
}

/** Every target string must be exactly the simulator's translation of its source: nothing lost, nothing shifted. */
export async function verifyJson(p: Project, source: string, target: string): Promise<number> {
  const src = JSON.parse(await readFile(path.join(p.dir, source), 'utf8')) as Record<string, Record<string, string>>;
  const dst = JSON.parse(await readFile(path.join(p.dir, target), 'utf8')) as Record<string, Record<string, string>>;
  let n = 0;
  for (const [section, entries] of Object.entries(src)) {
    for (const [key, text] of Object.entries(entries)) {
      const prot = protect(text);
      const expected = restore(prot, fakeTranslate(prot.text, 'German', 'fake'));
      if (dst[section]?.[key] !== expected) throw new Error(`MISALIGNED ${target} ${section}.${key}: ${JSON.stringify(dst[section]?.[key])} ≠ ${JSON.stringify(expected)}`);
      n++;
    }
  }
  return n;
}

/** Source and target tokens of what was translated, by the simulator's count, from the memory file. */
export async function contentTokens(p: Project): Promise<number> {
  const text = await readFile(path.join(p.dir, '.translate-locales/memory/de.jsonl'), 'utf8');
  let n = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    const e = JSON.parse(line) as { source: string; target: string };
    n += simTokens(e.source) + simTokens(e.target);
  }
  return n;
}

export async function withSim(knobs: Partial<SimulatorKnobs>, fn: (sim: QwenMtSimulator, env: NodeJS.ProcessEnv) => Promise<void>): Promise<void> {
  const redis = await PrivateRedis.start();
  const sim = new QwenMtSimulator({ apiKey: KEY, ...knobs });
  const env = { DASHSCOPE_API_KEY: KEY, DASHSCOPE_BASE_URL: await sim.listen(), REDIS_URL: redis.url };
  try {
    await fn(sim, env);
  } finally {
    await sim.close();
    await redis.stop();
  }
}

export const f2 = (n: number) => n.toFixed(2);
export const f3 = (n: number) => n.toFixed(3);

export function machine(quick: boolean): string {
  const cpus = os.cpus();
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  } catch {
    // not a checkout
  }
  return `${new Date().toISOString().slice(0, 10)}, commit ${commit}, ${os.type()} ${os.release()}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}${quick ? ', --quick' : ''}`;
}
