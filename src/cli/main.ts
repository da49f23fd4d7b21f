import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../config/config-error.ts';
import { loadConfig, resolveConfig, type ConfigOverrides } from '../config/load-config.ts';
import { configSchema } from '../config/schema.ts';
import { createLogger } from './logger.ts';
import { checkCommand, dryRunCommand } from './offline-commands.ts';
import { progressMode } from './progress-display.ts';
import { runCommand } from './run-command.ts';
import { workerCommand } from './worker-command.ts';

const DEFAULT_CONFIG = 'translate-locales.config.json';
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

interface CommonOptions {
  config: string;
  to?: string[];
  provider?: 'qwen-mt' | 'pseudo';
  model?: string;
  concurrency?: number;
  redis?: string;
  report?: string;
  verbose?: boolean;
  check?: boolean;
  dryRun?: boolean;
  maxCost?: number;
  progress?: string;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return n;
}

function addCommon(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG)
    .option('--to <locales>', 'target locales, comma-separated (overrides targetLocales)', (v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .addOption(new Option('--provider <name>', 'translation provider').choices(['qwen-mt', 'pseudo']))
    .option('--model <name>', 'Qwen-MT model, e.g. qwen-mt-flash')
    .option('--concurrency <n>', 'requests in flight in this process (default: follows rate × latency; 0: no local translate worker)', count)
    .option('--redis <url>', 'Redis URL (redis://, rediss://, unix://); default REDIS_URL')
    .option('--verbose', 'log each step (JSON lines on stderr)');
}

function progressOption(): Option {
  return new Option('--progress <mode>', 'progress on stderr: a bar on a terminal, plain lines elsewhere (auto), one JSON event per line, or none')
    .choices(['auto', 'bar', 'lines', 'json', 'none'])
    .default('auto');
}

function overrides(o: CommonOptions): ConfigOverrides {
  return { to: o.to, provider: o.provider, model: o.model, concurrency: o.concurrency, redis: o.redis };
}

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = addCommon(new Command('translate-locales'))
    .description('Machine-translate JSON, Markdown and PO files with Qwen-MT, keeping their structure.')
    .version(pkg.version, '--version')
    .enablePositionalOptions()
    .option('--report <file>', 'write a JSON report of the run')
    .option('--check', 'no requests, no writes: exit 1 and list missing, stale or invalid translations')
    .option('--dry-run', 'show what would be translated, the requests, tokens and estimated cost')
    .option('--max-cost <usd>', 'do not start a run whose estimated cost is higher', (v) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be an amount in USD');
      return n;
    })
    .addOption(progressOption())
    .exitOverride()
    .action(async (o: CommonOptions) => {
      const config = await loadConfig(o.config, overrides(o));
      if (o.check) code = await checkCommand(config);
      else if (o.dryRun) code = await dryRunCommand(config, o.report);
      else code = await runCommand(config, { reportFile: o.report, maxCost: o.maxCost, logger: createLogger(Boolean(o.verbose)), progress: o.verbose && o.progress === 'auto' ? 'none' : progressMode(o.progress, process.stderr.isTTY === true) });
    });
  addCommon(program.command('worker'))
    .description('serve translation jobs from Redis until stopped (scale out: run one per machine)')
    .exitOverride()
    .action(async (o: CommonOptions) => {
      // A worker needs no files: without a config it runs on defaults and the environment.
      const config = existsSync(o.config) || o.config !== DEFAULT_CONFIG
        ? await loadConfig(o.config, overrides(o))
        : resolveConfig(configSchema.parse({ sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'none' }] }), path.resolve(DEFAULT_CONFIG), overrides(o), process.env);
      code = await workerCommand(config, createLogger(Boolean(o.verbose)));
    });
  (await import('../service/service-commands.ts')).addServiceCommands(program, (c) => (code = c));
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ConfigError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
  return code;
}

const code = await main(process.argv);
// Exit even if a connection that never came up still holds the event loop.
process.exit(code);
