// Bench section 1: how much of the account's rate a run uses, at per-second limits as Qwen-MT enforces
// them, in two runs of over a minute each: one where tokens bind and one where requests bind.
import os from 'node:os';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { estimateTokens, OUTPUT_RATIO, REQUEST_OVERHEAD_TOKENS } from '../src/segments/tokens.ts';
import { uiStringsJson } from '../test/helpers/corpus.ts';
import type { QwenMtSimulator, SimulatorKnobs } from '../test/simulator/qwen-mt-simulator.ts';

export interface BenchKit {
  readonly out: (s?: string) => void;
  readonly quick: boolean;
  project(files: Record<string, string>, config: Record<string, unknown>): Promise<{ dir: string; config: string }>;
  run(p: { dir: string; config: string }, env: NodeJS.ProcessEnv): Promise<RunReport>;
  verifyJson(p: { dir: string; config: string }, source: string, target: string): Promise<number>;
  withSim(knobs: Partial<SimulatorKnobs>, fn: (sim: QwenMtSimulator, env: NodeJS.ProcessEnv) => Promise<void>): Promise<void>;
}

interface Scenario {
  readonly name: string;
  readonly strings: number;
  /** Packing: `maxTokens` twice TPM ÷ RPM makes tokens bind; a few segments per request makes requests bind. */
  readonly batch: Record<string, number>;
}

const RPM = 600;
const TPM = 200_000;

/** Rates over the accepted requests between `from` and `to` (ms), as shares of the limits. */
function rates(accepted: { at: number; tokens: number }[], from: number, to: number): { tokens: number; requests: number } {
  const inside = accepted.filter((a) => a.at >= from && a.at <= to);
  const minutes = Math.max(1, to - from) / 60_000;
  return { tokens: inside.reduce((s, a) => s + a.tokens, 0) / minutes / TPM, requests: inside.length / minutes / RPM };
}

const f2 = (n: number) => n.toFixed(2);
const f3 = (n: number) => n.toFixed(3);
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');

export async function utilisation(kit: BenchKit): Promise<void> {
  const { out, quick } = kit;
  // Sized for about 75 s each at the limits (a minute at least, also on a fast machine); --quick shortens them.
  const scale = quick ? 0.25 : 1;
  const scenarios: Scenario[] = [
    { name: 'tokens bind', strings: Math.round(7000 * scale), batch: { maxTokens: Math.round((TPM / RPM) * 2) } },
    { name: 'requests bind', strings: Math.round(3000 * scale), batch: { maxSegments: 4 } },
    { name: 'default packing (TPM ÷ RPM per request)', strings: Math.round(5500 * scale), batch: {} },
  ];
  const pick = process.env.BENCH_SCENARIOS?.split(',').map(Number);
  out('## 1. Rate-limit utilisation');
  out(`Simulator enforcing ${RPM} RPM / ${TPM} TPM per second, as Qwen-MT does (any sliding second holds at most RPM ÷ 60 requests and TPM ÷ 60 tokens, counted when a request arrives), latency 300 ± 100 ms; UI strings into one locale; limits in the config equal to the simulator's; concurrency automatic. "Tokens bind": requests packed to twice TPM ÷ RPM (\`batch.maxTokens: ${(TPM / RPM) * 2}\`), so about half the allowed requests carry all allowed tokens. "Requests bind": four strings per request (\`batch.maxSegments: 4\`). Whole run = first to last request the simulator accepted; steady state = the middle 80 % of that span. Lower bound = the larger of billed tokens ÷ TPM and requests ÷ RPM.`);
  out();
  const rows: string[][] = [];
  for (const [i, s] of scenarios.entries()) {
    if (pick && !pick.includes(i)) continue;
    const loadBefore = load();
    await kit.withSim({ rpm: RPM, tpm: TPM, latencyMs: 300, jitterMs: 100 }, async (sim, env) => {
      const p = await kit.project({ 'locales/en.json': uiStringsJson(s.strings, 11) }, { files: [{ format: 'json', source: 'locales/{locale}.json' }], rateLimit: { rpm: RPM, tpm: TPM }, batch: s.batch });
      const report = await kit.run(p, env);
      await kit.verifyJson(p, 'locales/en.json', 'locales/de.json');
      const st = sim.stats;
      const accepted = sim.log.filter((l) => l.status === 200).map((l) => ({ at: l.at, tokens: l.tokens ?? 0 }));
      const throttled = sim.log.filter((l) => l.status === 429);
      const first = st.firstAt;
      const last = st.lastAt;
      const whole = rates(accepted, first, last);
      const span = last - first;
      const steady = rates(accepted, first + span * 0.1, last - span * 0.1);
      const billed = st.promptTokens + st.completionTokens;
      if (process.env.BENCH_DIAG) diagnose(sim, first, last);
      const lowerMs = Math.max(billed / TPM, st.ok / RPM) * 60_000;
      rows.push([
        s.name,
        `${(span / 1000).toFixed(0)} s, ${st.ok} requests, ${report.totals.segments} strings`,
        `**${f3(whole.tokens)}** / ${f3(steady.tokens)}`,
        `**${f3(whole.requests)}** / ${f3(steady.requests)}`,
        `**${f3(throttled.length / st.requests)}** (${throttled.filter((t) => t.limit === 'requests').length} + ${throttled.filter((t) => t.limit === 'tokens').length})`,
        `${f2(st.peakTokensPerSecond / (TPM / 60))} / ${f2(st.peakRequestsPerSecond / (RPM / 60))}`,
        f3(billed / st.ok / (TPM / RPM)),
        f2(report.durationMs / lowerMs),
        String(st.maxInFlight),
        `${loadBefore} → ${load()}`,
      ]);
    });
  }
  out('| scenario | run | tokens/min ÷ allowed, whole run / steady | requests/min ÷ allowed, whole run / steady | 429 share (requests + tokens limit) | peak second ÷ limit, tokens / requests | billed tokens per request ÷ (TPM ÷ RPM) | wall (CLI start to exit) ÷ lower bound | max in flight | load average (1/5/15 min), before → after |');
  out('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) out(`| ${r.join(' | ')} |`);
  out();
}

function diagnose(sim: QwenMtSimulator, first: number, last: number): void {
  const ok = sim.log.filter((l) => l.status === 200);
  const ratio = ok.map((l) => (l.tokens ?? 0) / (estimateTokens(l.text) + REQUEST_OVERHEAD_TOKENS + Math.ceil(estimateTokens(l.text) * OUTPUT_RATIO)));
  const sizes = ok.map((l) => l.tokens ?? 0).sort((a, b) => a - b);
  const gaps = ok.slice(1).map((l, i) => l.at - ok[i].at).sort((a, b) => a - b);
  console.error(`DIAG billed/raw mean ${(ratio.reduce((a, b) => a + b, 0) / ratio.length).toFixed(3)}; sizes p10 ${sizes[Math.floor(sizes.length * 0.1)]} p50 ${sizes[Math.floor(sizes.length / 2)]} p90 ${sizes[Math.floor(sizes.length * 0.9)]}; gaps p50 ${gaps[Math.floor(gaps.length / 2)]} p90 ${gaps[Math.floor(gaps.length * 0.9)]} max ${gaps[gaps.length - 1]}`);
  // tokens per second, second by second
  const per: number[] = [];
  for (const l of ok) per[Math.floor((l.at - first) / 1000)] = (per[Math.floor((l.at - first) / 1000)] ?? 0) + (l.tokens ?? 0);
  const reqs: number[] = [];
  for (const l of ok) reqs[Math.floor((l.at - first) / 1000)] = (reqs[Math.floor((l.at - first) / 1000)] ?? 0) + 1;
  console.error(`DIAG tokens/s: ${[...per].map((x) => x ?? 0).join(' ')}`);
  console.error(`DIAG req/s: ${[...reqs].map((x) => x ?? 0).join(' ')}`);
  console.error(`DIAG 429 at s: ${sim.log.filter((l) => l.status === 429).map((l) => `${((l.at - first) / 1000).toFixed(1)}${l.limit?.[0]}`).join(' ')} span ${(last - first) / 1000}`);
}
