import type { Server } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express from 'express';
import { ConfigError } from '../errors/config-error.ts';
import { basicAuth, type Credentials } from './basic-auth.ts';
import type { RunRecords } from './run-records.ts';
import type { ServiceMetrics } from './service-metrics.ts';

export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  /** Shown on the dashboard. */
  readonly queues: readonly Queue[];
  /** Default true: the dashboard shows, and changes nothing. */
  readonly readOnly?: boolean;
  readonly records: RunRecords;
  readonly metrics: ServiceMetrics;
  readonly readiness: () => Promise<{ ready: boolean; reason?: string }>;
  /** Protects `/queues` and `/runs`; health and metrics stay open for probes and scrapers. */
  readonly credentials?: Credentials;
}

/** A scrape or a /runs request waits this long for Redis, then answers 503. */
const REDIS_WAIT_MS = 3_000;

function within<T>(task: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('Redis did not answer in time')), ms)));
  return Promise.race([task, late]).finally(() => clearTimeout(timer));
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** A dashboard reachable from other machines must ask for credentials. */
export function assertSafeHost(host: string, credentials: Credentials | undefined): void {
  if (LOOPBACK.test(host) || credentials) return;
  throw new ConfigError(`refusing to serve on ${host} without dashboard credentials: set TRANSLATE_LOCALES_DASHBOARD_USER and TRANSLATE_LOCALES_DASHBOARD_PASSWORD, or bind 127.0.0.1`);
}

/** The service's HTTP side: the Bull Board dashboard, `/runs`, health, readiness and Prometheus metrics. */
export class HttpServer {
  private server?: Server;

  constructor(private readonly options: HttpServerOptions) {
    assertSafeHost(options.host, options.credentials);
  }

  /** Listens; resolves with the URL (the port chosen when 0 was asked for). */
  async listen(): Promise<string> {
    const { host, port, metrics, records, readiness } = this.options;
    const auth = basicAuth(this.options.credentials);
    const board = new ExpressAdapter();
    board.setBasePath('/queues');
    createBullBoard({ queues: this.options.queues.map((q) => new BullMQAdapter(q, { readOnlyMode: this.options.readOnly ?? true })), serverAdapter: board });

    const app = express();
    app.disable('x-powered-by');
    app.get('/healthz', (_req, res) => void res.type('text/plain').send('ok\n'));
    app.get('/readyz', async (_req, res) => {
      const r = await readiness();
      res.status(r.ready ? 200 : 503).type('text/plain').send(r.ready ? 'ready\n' : `not ready: ${r.reason}\n`);
    });
    app.get('/metrics', async (_req, res) => {
      try {
        res.type(metrics.contentType).send(await within(metrics.text(), REDIS_WAIT_MS));
      } catch (error) {
        res.status(503).type('text/plain').send(`metrics unavailable: ${(error as Error).message}\n`);
      }
    });
    app.get('/runs', auth, async (_req, res) => {
      try {
        res.json({ runs: await within(records.list(), REDIS_WAIT_MS) });
      } catch (error) {
        res.status(503).json({ error: (error as Error).message });
      }
    });
    app.use('/queues', auth, board.getRouter());

    const server = (this.server = app.listen(port, host));
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    return `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
    await closed;
  }
}
