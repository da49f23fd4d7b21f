import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ConfigOverrides } from '../config/load-config.ts';
import type { CiMode } from '../ci/ci-plan.ts';
import { ConfigError } from '../errors/config-error.ts';
import { CONFIG_FILE, findConfig, PACKAGE_KEY } from '../config/find-config.ts';
import { MAX_CONCURRENCY } from '../config/concurrency.ts';
import { packageVersion } from '../util/package-version.ts';
import type { CliIo } from './cli-io.ts';
import type { LocalWorkers } from '../run/local-workers.ts';

// Only commander and this file load at start: `--version` and `--help` need nothing else. Each
// command imports its own modules (config, formats, BullMQ) when it runs.

/** The flags every command takes: those that override the config, and the rest. */
interface CommonOptions extends ConfigOverrides {
  config?: string;
  report?: string;
  verbose?: boolean;
  check?: boolean;
  dryRun?: boolean;
  maxCost?: number;
  wait?: boolean;
  progress?: string;
}

function concurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX_CONCURRENCY) throw new InvalidArgumentError(`must be a whole number from 0 to ${MAX_CONCURRENCY}`);
  return n;
}

function addCommon(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', `config file (default: ${CONFIG_FILE} or package.json "${PACKAGE_KEY}" here or in a folder above)`)
    .option('--to <locales>', 'target locales, comma-separated (overrides targetLocales)', (v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .addOption(new Option('--provider <name>', 'translation provider').choices(['qwen-mt', 'pseudo']))
    .option('--model <name>', 'Qwen-MT model, e.g. qwen-mt-flash')
    .option('--concurrency <n>', 'requests in flight in this process (default: follows rate × latency; 0: a run only queues, for `worker` processes; a worker takes the default)', concurrency)
    .option('--redis <url>', 'Redis URL (redis://, rediss://, unix://); default REDIS_URL')
    .option('--verbose', 'log each step (JSON lines on stderr)');
}

function usd(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be an amount in USD');
  return n;
}

function progressOption(): Option {
  return new Option('--progress <mode>', 'progress on stderr: a bar on a terminal, plain lines elsewhere (auto), one JSON event per line, or none')
    .choices(['auto', 'bar', 'lines', 'json', 'none'])
    .default('auto');
}

/** --config (relative to the working folder), else the nearest config above it. */
async function configFile(o: { config?: string }, cwd: string): Promise<string> {
  if (o.config) return path.resolve(cwd, o.config);
  const found = await findConfig(cwd);
  if (!found) throw new ConfigError(`no ${CONFIG_FILE} (or package.json with a "${PACKAGE_KEY}" key) here or in a folder above; create one with \`translate-locales init\` or pass --config FILE`);
  return found;
}

function overrides(o: CommonOptions): ConfigOverrides {
  return { to: o.to, provider: o.provider, model: o.model, concurrency: o.concurrency, redis: o.redis, only: o.only, force: o.force };
}

/** What the CLI is given by its composition root (`bin/translate-locales.ts`, or a test): the parts `src/` does not import. */
export interface CliDeps {
  /** Starts the in-process translate worker (the BullMQ one in `workers/`). */
  readonly workers: LocalWorkers;
}

/**
 * The command line, callable in process: `args` are the arguments after the script name. Returns the
 * exit code and never exits; output goes to `io` (the executable passes this process's streams).
 */
export async function main(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  let code = 0;
  const { cwd, env } = io;
  const program = new Command('translate-locales')
    // Set before the subcommands are added: they inherit it (and exitOverride).
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) })
    .exitOverride();
  addCommon(program)
    .description('Machine-translate JSON, Markdown and PO files with Qwen-MT, keeping their structure.')
    .version(packageVersion(), '--version')
    .enablePositionalOptions()
    .option('--report <file>', 'write a JSON report of the run')
    .option('--check', 'no requests, no writes: exit 1 and list missing, stale or invalid translations')
    .option('--dry-run', 'show what would be translated, the requests, tokens and estimated cost')
    .option('--only <glob>', 'only source files matching this glob (relative to the config file)')
    .option('--force', 'translate again what the memory already has (with --only: just those files); hand edits are still kept')
    .option('--wait', 'if another run is working on this project, wait for it instead of stopping')
    .option('--max-cost <usd>', 'do not start a run whose estimated cost is higher', usd)
    .addOption(progressOption())
    .action(async (o: CommonOptions) => {
      const { loadConfig } = await import('../config/load-config.ts');
      const config = await loadConfig(await configFile(o, cwd), overrides(o), env);
      const report = o.report && path.resolve(cwd, o.report);
      if (o.check) code = await (await import('./offline-commands.ts')).checkCommand(config, io);
      else if (o.dryRun) code = await (await import('./offline-commands.ts')).dryRunCommand(config, io, report);
      else {
        const [{ runCommand }, { createLogger }, { progressMode }] = await Promise.all([import('./run-command.ts'), import('./logger.ts'), import('./progress-display.ts')]);
        code = await runCommand(config, io, { reportFile: report, maxCost: o.maxCost, wait: o.wait, logger: createLogger(Boolean(o.verbose), io.stderr), workers: deps.workers, progress: o.verbose && o.progress === 'auto' ? 'none' : progressMode(o.progress, io.stderr.isTTY === true) });
      }
    });
  addCommon(program.command('worker'))
    .description('serve translation jobs from Redis until stopped (scale out: run one per machine)')
    .action(async (o: CommonOptions) => {
      const [{ loadConfig, resolveConfig }, { configSchema, FORMAT_NAMES }, { workerCommand }, { createLogger }] = await Promise.all([
        import('../config/load-config.ts'), import('../config/schema.ts'), import('./worker-command.ts'), import('./logger.ts'),
      ]);
      // A worker needs no files: without a config it runs on defaults and the environment.
      const file = o.config ? path.resolve(cwd, o.config) : await findConfig(cwd);
      const config = file
        ? await loadConfig(file, overrides(o), env)
        : resolveConfig(configSchema.parse({ sourceLocale: 'en', targetLocales: ['de'], files: [{ format: FORMAT_NAMES[0], source: 'none' }] }), path.resolve(cwd, CONFIG_FILE), overrides(o), env);
      code = await workerCommand(config, createLogger(Boolean(o.verbose), io.stderr), io, deps.workers);
    });
  program.command('accept [paths...]')
    .description('take the hand-edited text of these targets (default: all) as reviewed against the current source')
    .option('-c, --config <file>', 'config file (default: found as for a run)')
    .action(async (paths: string[], o: { config?: string }) => {
      const [{ loadConfig }, { acceptCommand }] = await Promise.all([import('../config/load-config.ts'), import('./accept-command.ts')]);
      code = await acceptCommand(await loadConfig(await configFile(o, cwd), {}, env), { paths, cwd, out: io.stdout });
    });
  addCommon(program.command('status'))
    .description('per locale and file group: translated, unreviewed, human, stale, missing (offline)')
    .option('--json', 'print JSON instead of a table')
    .action(async (o: CommonOptions & { json?: boolean }) => {
      const [{ loadConfig }, { statusCommand }] = await Promise.all([import('../config/load-config.ts'), import('./status-command.ts')]);
      code = await statusCommand(await loadConfig(await configFile(o, cwd), overrides(o), env), Boolean(o.json), io);
    });
  program
    .command('init')
    .description(`look at the repository and write a ${CONFIG_FILE} for it (never overwrites one)`)
    .argument('[dir]', 'the repository folder', '.')
    .option('-y, --yes', 'write the proposed config without asking')
    .option('--to <locales>', 'target locales, comma-separated (default: the locales already present)', (v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--source <locale>', 'source locale (default: detected, English first)')
    .addOption(new Option('--provider <name>', 'provider written into the config').choices(['qwen-mt', 'pseudo']).default('qwen-mt'))
    .action(async (dir: string, o: { yes?: boolean; to?: string[]; source?: string; provider: 'qwen-mt' | 'pseudo' }) => {
      const { initCommand } = await import('../init/init-command.ts');
      code = await initCommand({ dir: path.resolve(cwd, dir), configName: CONFIG_FILE, yes: Boolean(o.yes), to: o.to, source: o.source, provider: o.provider, io });
    });
  addCommon(program.command('ci'))
    .description('in CI: offline check on pull requests; translate and publish on push, schedule and manual runs')
    .addOption(new Option('--mode <mode>', 'how to publish').choices(['pull-request', 'commit', 'check', 'none']).default('pull-request'))
    .option('--max-cost <usd>', 'do not start a run whose estimated cost is higher (exit 2)', usd)
    .option('--report <file>', 'write the JSON report here (default: a temporary file, named in the outputs)')
    .option('--commit-author <author>', 'commit author, "Name <email>"')
    .option('--warn-only', 'the check reports problems as warnings and exits 0')
    .addOption(progressOption())
    .action(async (o: CommonOptions & { mode: CiMode; commitAuthor?: string; warnOnly?: boolean }) => {
      const [{ ciCommand }, { progressMode }, { createLogger }] = await Promise.all([import('../ci/ci-command.ts'), import('./progress-display.ts'), import('./logger.ts')]);
      const progress = progressMode(o.progress, io.stderr.isTTY === true);
      code = await ciCommand({ configFile: await configFile(o, cwd), overrides: overrides(o), mode: o.mode, maxCost: o.maxCost, progress, logger: createLogger(Boolean(o.verbose), io.stderr), workers: deps.workers, reportFile: o.report && path.resolve(cwd, o.report), author: o.commitAuthor, warnOnly: Boolean(o.warnOnly), env });
    });
  (await import('../service/service-commands.ts')).addServiceCommands(program, io, (c) => (code = c), deps.workers);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ConfigError) {
      io.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
  return code;
}
