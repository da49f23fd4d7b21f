import type { Logger } from 'pino';
import { redactUrl } from '../queue/redis-connection.ts';
import { dashboardCredentials } from './basic-auth.ts';
import { assertSafeHost, HttpServer } from './http-server.ts';
import { Service } from './service.ts';
import type { ServiceConfig } from './service-config.ts';
import type { Output } from '../cli/cli-io.ts';

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  readonly env?: NodeJS.ProcessEnv;
  readonly stderr?: Output;
}

/**
 * `translate-locales serve`: runs until SIGTERM/SIGINT, then stops taking jobs, lets work in flight end
 * (at most `shutdownTimeoutMs`), closes Redis and returns 0. Returns 1 when Redis is lost for good.
 */
export async function serveCommand(config: ServiceConfig, options: ServeOptions): Promise<number> {
  const credentials = dashboardCredentials(options.env ?? process.env);
  const stderr = options.stderr ?? process.stderr;
  assertSafeHost(options.host, credentials);
  let lost: ((message: string) => void) | undefined;
  let onSignal: (signal: string) => void = () => {};
  const stopped = new Promise<{ code: number; why: string }>((resolve) => {
    lost = (message) => resolve({ code: 1, why: message });
    onSignal = (signal) => resolve({ code: 0, why: signal });
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  const service = new Service(config, options.logger, (m) => lost?.(m));
  const server = new HttpServer({
    host: options.host, port: options.port, credentials, readOnly: config.dashboard.readOnly,
    queues: [service.translateQueue, service.runsQueue], records: service.records, metrics: service.metrics,
    readiness: () => service.readiness(),
  });
  const shutdown = async (code: number) => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // However the steps go, the command returns within the timeout (plus a little for closing sockets);
    // the executable then exits whatever is left open.
    let hardStop: NodeJS.Timeout | undefined;
    const steps = (async () => {
      await service.stop(config.shutdownTimeoutMs);
      await server.close();
    })();
    await Promise.race([steps, new Promise((resolve) => (hardStop = setTimeout(resolve, config.shutdownTimeoutMs + 5_000)))]).finally(() => clearTimeout(hardStop));
    return code;
  };
  try {
    const url = await server.listen();
    const early = await Promise.race([service.start().then(() => undefined), stopped]);
    if (early) return await shutdown(early.code);
    stderr.write(`translate-locales serve: ${config.projects.length} project(s) on ${redactUrl(config.redisUrl)}; listening on ${url} (dashboard: ${url}/queues)\n`);
  } catch (error) {
    await shutdown(2);
    throw error;
  }
  const { code, why } = await stopped;
  stderr.write(`${why}: stopping; runs in progress go back to the queue\n`);
  return shutdown(code);
}
