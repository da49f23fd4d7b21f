import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { CliIo } from '../cli/cli-io.ts';

// Only commander loads at start (as in program.ts): each command imports its modules when it runs.

const DEFAULT_SERVICE_CONFIG = 'service.json';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0: any free port)');
  return n;
}

/** Adds `serve` and `schedule list|trigger` to the command line; `done` receives the exit code. */
export function addServiceCommands(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('serve')
    .description('scheduled runs: reconcile schedulers, run projects, publish, serve the dashboard, health and metrics')
    .option('-c, --config <file>', 'service config', DEFAULT_SERVICE_CONFIG)
    .option('--port <n>', 'HTTP port', port, 8080)
    .option('--host <address>', 'HTTP address (not loopback: needs dashboard credentials)', '127.0.0.1')
    .option('--redis <url>', 'Redis URL; default service.json redis.url, then REDIS_URL')
    .option('--verbose', 'log each step (JSON lines on stderr)')
    .action(async (o: { config: string; port: number; host: string; redis?: string; verbose?: boolean }) => {
      const [{ loadServiceConfig }, { serveCommand }, { createLogger }] = await Promise.all([
        import('./service-config.ts'), import('./serve-command.ts'), import('../cli/logger.ts'),
      ]);
      const config = await loadServiceConfig(path.resolve(io.cwd, o.config), { redis: o.redis }, io.env);
      done(await serveCommand(config, { host: o.host, port: o.port, logger: createLogger(Boolean(o.verbose), io.stderr), env: io.env, stderr: io.stderr }));
    });
  program
    .command('schedule')
    .description('list the schedulers and the last runs, or queue a run of a project now')
    .argument('<action>', 'list | trigger')
    .argument('[project]', 'project id (trigger)')
    .option('-c, --config <file>', 'service config', DEFAULT_SERVICE_CONFIG)
    .option('--redis <url>', 'Redis URL')
    .option('--json', 'machine-readable output')
    .action(async (action: string, project: string | undefined, o: { config: string; redis?: string; json?: boolean }) => {
      if (action !== 'list' && action !== 'trigger') throw new InvalidArgumentError(`unknown action "${action}" (list or trigger)`);
      if (action === 'trigger' && !project) throw new InvalidArgumentError('trigger needs a project id');
      const [{ loadServiceConfig }, { scheduleCommand }] = await Promise.all([import('./service-config.ts'), import('./schedule-command.ts')]);
      const config = await loadServiceConfig(path.resolve(io.cwd, o.config), { redis: o.redis }, io.env);
      done(await scheduleCommand(config, action, { json: Boolean(o.json), project, stdout: io.stdout }));
    });
}
