// Bench section 1: how much of the account's rate a run uses, at per-second limits as Qwen-MT enforces
// them, in two runs of over a minute each: one where tokens bind and one where requests bind.
import os from 'node:os';
import type { RunReport } from '../src/pipeline/run-report.ts';
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
  readonly rpm: number;
  readonly tpm: number;
  readonly strings: number;
  /** Packing: requests above TPM ÷ RPM make tokens bind; a few segments per request make requests bind. */
  readonly batch: Record<string, number>;
}

const RPM = 600;
const TPM = 200_000;

/** Rates over the accepted requests between `from` and `to` (ms), as shares of the limits. */
function rates(s: Scenario, accepted: { at: number; tokens: number }[], from: number, to: number): { tokens: number; requests: number } {
  const inside = accepted.filter((a) => a.at >= from && a.at <= to);
  const minutes = Math.max(1, to - from) / 60_000;
  return { tokens: inside.reduce((sum, a) => sum + a.tokens, 0) / minutes / s.tpm, requests: inside.length / minutes / s.rpm };
}

const f2 = (n: number) => n.toFixed(2);
const f3 = (n: number) => n.toFixed(3);
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');

export async function utilisation(kit: BenchKit): Promise<void> {
  const { out, quick } = kit;
  // Sized for about 75 s each at the limits (a minute at least, also on a fast machine); --quick shortens them.
  const scale = quick ? 0.25 : 1;
  const scenarios: Scenario[] = [
    { name: 'tokens bind', rpm: RPM, tpm: TPM, strings: Math.round(6000 * scale), batch: { maxTokens: 390 } },
    { name: 'requests bind', rpm: RPM, tpm: TPM, strings: Math.round(3000 * scale), batch: { maxSegments: 4 } },
    { name: 'default packing (TPM ÷ RPM per request)', rpm: RPM, tpm: TPM, strings: Math.round(5500 * scale), batch: {} },
    { name: 'Qwen-MT\'s own limits, 60 RPM / 100k TPM, default packing', rpm: 60, tpm: 100_000, strings: Math.round(2700 * scale), batch: {} },
  ];
  const pick = process.env.BENCH_SCENARIOS?.split(',').map(Number);
  out('## 1. Rate-limit utilisation');
  out(`Simulator enforcing the limits per second, as Qwen-MT does (any sliding second holds at most RPM ÷ 60 requests and TPM ÷ 60 tokens, counted when a request arrives), latency 300 ± 100 ms; UI strings into one locale; limits in the config equal to the simulator's; concurrency automatic. The first three runs scale the limits up to ${RPM} RPM / ${TPM} TPM, so a second holds several requests. "Tokens bind": requests of about an eighth of a second's tokens (\`batch.maxTokens: 390\`, 1.2 × TPM ÷ RPM), so eight requests a second carry all allowed tokens. "Requests bind": four strings per request (\`batch.maxSegments: 4\`). Whole run = first to last request the simulator accepted; steady state = the middle 80 % of that span. Lower bound = the larger of billed tokens ÷ TPM and requests ÷ RPM.`);
  out();
  const rows: string[][] = [];
  for (const [i, s] of scenarios.entries()) {
    if (pick && !pick.includes(i)) continue;
    const loadBefore = load();
    await kit.withSim({ rpm: s.rpm, tpm: s.tpm, latencyMs: 300, jitterMs: 100 }, async (sim, env) => {
      const p = await kit.project({ 'locales/en.json': uiStringsJson(s.strings, 11) }, { files: [{ format: 'json', source: 'locales/{locale}.json' }], rateLimit: { rpm: s.rpm, tpm: s.tpm }, batch: s.batch });
      const report = await kit.run(p, env);
      await kit.verifyJson(p, 'locales/en.json', 'locales/de.json');
      const st = sim.stats;
      const accepted = sim.log.filter((l) => l.status === 200).map((l) => ({ at: l.at, tokens: l.tokens ?? 0 }));
      const throttled = sim.log.filter((l) => l.status === 429);
      const first = st.firstAt;
      const last = st.lastAt;
      const whole = rates(s, accepted, first, last);
      const span = last - first;
      const steady = rates(s, accepted, first + span * 0.1, last - span * 0.1);
      const billed = st.promptTokens + st.completionTokens;
      const lowerMs = Math.max(billed / s.tpm, st.ok / s.rpm) * 60_000;
      rows.push([
        s.name,
        `${(span / 1000).toFixed(0)} s, ${st.ok} requests, ${report.totals.segments} strings`,
        `**${f3(whole.tokens)}** / ${f3(steady.tokens)}`,
        `**${f3(whole.requests)}** / ${f3(steady.requests)}`,
        `**${f3(throttled.length / st.requests)}** (${throttled.filter((t) => t.limit === 'requests').length} + ${throttled.filter((t) => t.limit === 'tokens').length})`,
        `${f2(st.peakTokensPerSecond / (s.tpm / 60))} / ${f2(st.peakRequestsPerSecond / Math.max(1, s.rpm / 60))}`,
        f3(billed / st.ok / (s.tpm / s.rpm)),
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
  out('Where the rest of the rate goes. (1) Planning aims at 97 % of each limit: the room for arrival jitter and for token estimates not yet corrected by a reply. (2) A second holds whole requests: when tokens bind, requests of S tokens fill at most ⌊0.97 · TPS ÷ S⌋ · S tokens per 1,015 ms (the window plus a 15 ms guard), 0.89 of TPS for the 375-token requests of the first run; with default packing S is TPM ÷ RPM and a second holds RPS requests exactly. (3) Packing fills a request to the budget less the string that no longer fits: about 95 % of TPM ÷ RPM is billed per request, so when requests bind tokens reach about 0.95 × the request share. (4) The edges: the first replies calibrate the estimate (the first one replaces the cautious guess outright) and set the concurrency; the last requests of a run leave the tail of the last second unused; whole run vs steady state shows their cost, largest for the 61-request run at Qwen-MT\'s own limits, where one second is 1.6 % of the run. (5) 429s: a second\'s limit leaves 3 % of a second (31 ms) between the planned starts and the service\'s count, and on a machine this busy (load average in the table, 2 cores) arrivals jitter by more than that, on the client\'s side and on the simulator\'s, which shares the cores. A start whose timer fired late is checked against the service\'s limits before it goes (and takes a new slot if it would not fit); a request\'s first 429 slows the shared rate and holds every start back for one slot (not a second), so a 429 costs about two slots, not a second of every worker.');
  out();
}

