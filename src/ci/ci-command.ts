import type { Logger } from 'pino';
import { ConfigError } from '../errors/config-error.ts';
import { loadConfig, type ConfigOverrides } from '../config/load-config.ts';
import type { ProgressMode } from '../cli/progress-display.ts';
import { headIsOwnCommit } from '../publish/own-commit.ts';
import { PublishError } from '../errors/publish-error.ts';
import { code } from '../report/markdown-text.ts';
import { checkStep } from './check-step.ts';
import { planCiStep, type CiMode } from './ci-plan.ts';
import type { LocalWorkers } from '../run/local-workers.ts';
import { readCiContext } from './read-ci-context.ts';
import { translateStep } from './translate-step.ts';
import { annotation, appendSummary, writeOutputs } from './workflow-commands.ts';

export interface CiCommandOptions {
  readonly configFile: string;
  readonly overrides: ConfigOverrides;
  readonly mode: CiMode;
  readonly maxCost?: number;
  readonly progress: ProgressMode;
  readonly logger: Logger;
  /** The in-process translate worker a translating step's run starts. */
  readonly workers: LocalWorkers;
  readonly reportFile?: string;
  /** `Name <email>` for commits. */
  readonly author?: string;
  /** The check reports problems as warnings and exits 0. */
  readonly warnOnly: boolean;
  readonly env: NodeJS.ProcessEnv;
}

/** `translate-locales ci`: reads the CI environment and checks, translates and publishes, or skips, as the event calls for. */
export async function ciCommand(o: CiCommandOptions): Promise<number> {
  const ctx = await readCiContext(o.env);
  const out = (line: string) => process.stdout.write(line + '\n');
  try {
    const config = await loadConfig(o.configFile, o.overrides, o.env);
    const step = planCiStep(ctx, o.mode, o.mode === 'commit' && (await headIsOwnCommit(config.root)));
    if (step.kind === 'check') return await checkStep({ config, ctx, warnOnly: o.warnOnly, workspace: o.env.GITHUB_WORKSPACE, reason: step.reason });
    if (step.kind === 'translate') {
      return await translateStep({ config, ctx, publish: step.publish, maxCost: o.maxCost, progress: o.progress, logger: o.logger, workers: o.workers, reportFile: o.reportFile, author: o.author, env: o.env, reason: step.reason });
    }
    out(`translate-locales ci: skipped: ${step.reason}`);
    await appendSummary(ctx.summaryFile, `## translate-locales\n\nSkipped: ${step.reason}\n`);
    await writeOutputs(ctx.outputFile, { changed: 'false', 'pull-request-url': '', 'pull-request-number': '', report: '' });
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof PublishError)) throw error;
    // A failed job says why where people look: the annotation list and the summary.
    if (ctx.platform === 'github') out(annotation('error', error.message));
    await appendSummary(ctx.summaryFile, `## translate-locales\n\n❌ ${code(error.message)}\n`);
    if (error instanceof ConfigError) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return 1;
  }
}
