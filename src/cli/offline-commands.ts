import type { ResolvedConfig } from '../config/load-config.ts';
import { paidModel } from '../config/models.ts';
import { checkProject, checkVerdict } from '../pipeline/check-project.ts';
import { estimateBreakdown, type EstimateRow } from '../pipeline/estimate-breakdown.ts';
import { estimateCost, formatEstimate, type CostEstimate } from '../pipeline/estimate-cost.ts';
import { batchLimits, packBatches } from '../pipeline/pack-batches.ts';
import { planRun } from '../pipeline/plan-run.ts';
import { planInputs } from '../pipeline/plan-inputs.ts';
import type { CliIo } from './cli-io.ts';

/** `--check`: exit 1 and list what is missing, stale or invalid; 0 when every target is current. No Redis, no key, no network. */
export async function checkCommand(config: ResolvedConfig, io: Pick<CliIo, 'stdout'>): Promise<number> {
  const inputs = await planInputs(config);
  const findings = await checkProject(config, inputs).finally(() => inputs.memory.close());
  for (const f of findings) io.stdout.write(`${f.kind}: ${f.message}\n`);
  io.stdout.write(checkVerdict(findings) + '\n');
  return findings.length ? 1 : 0;
}

/** The requests a run would make now, packed as it would pack them, and their cost, in all and per locale and file group. */
export async function estimateRun(config: ResolvedConfig): Promise<{ estimate: CostEstimate; breakdown: EstimateRow[] }> {
  const inputs = await planInputs(config);
  const plan = await planRun(config, inputs);
  const batches = packBatches(
    plan.pending.values(),
    config.provider.name,
    batchLimits(config),
    (locale, text) => inputs.memory.examples(locale, text, config.memory.examples),
  );
  await inputs.memory.close();
  const model = paidModel(config);
  return { estimate: estimateCost(batches, model), breakdown: estimateBreakdown(plan, batches, model) };
}

/** `--dry-run`: what would be translated and what it would cost; no requests, no writes. */
export async function dryRunCommand(config: ResolvedConfig, io: Pick<CliIo, 'stdout'>, reportFile?: string): Promise<number> {
  const { estimate, breakdown } = await estimateRun(config);
  io.stdout.write(`Dry run: ${formatEstimate(estimate)}\n`);
  for (const r of breakdown) {
    io.stdout.write(`  ${r.locale.padEnd(8)} ${String(r.segments).padStart(7)} segments  ~${String(r.inputTokens).padStart(8)} in + ${String(r.outputTokens).padStart(8)} out tokens  $${r.cost.toFixed(4)}  ${config.files[r.group]?.source ?? ''}\n`);
  }
  const perGroup = breakdown.map((r) => ({ ...r, group: config.files[r.group]?.source ?? '' }));
  if (reportFile) {
    const { writeAtomic } = await import('../files/write-atomic.ts');
    await writeAtomic(reportFile, JSON.stringify({ dryRun: true, estimate, breakdown: perGroup }, null, 2) + '\n');
  }
  return 0;
}
