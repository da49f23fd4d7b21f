import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../errors/config-error.ts';
import { canConnect } from './can-connect.ts';
import { ownerLine, OWNER_FILE, PRIVATE_REDIS_PREFIX, shutDownOrphans } from './orphaned-redis.ts';

export { canConnect };

/** A `redis-server` of our own on a temporary unix socket, keeping nothing on disk. */
export class PrivateRedis {
  private constructor(
    readonly url: string,
    private child: ChildProcess,
    private readonly dir: string,
    private readonly launch: () => Promise<ChildProcess>,
  ) {}

  /**
   * Starts one on a unix socket, or (for tests of network URLs) on a free TCP port of 127.0.0.1 with
   * a password, over TLS when given a certificate and key (PEM files).
   */
  static async start(options: { tcp?: { password: string; tls?: { cert: string; key: string } } } = {}, binary = 'redis-server'): Promise<PrivateRedis> {
    // A run killed before it could stop its server left it running: stopped here, the next time one starts.
    await shutDownOrphans();
    const dir = await mkdtemp(path.join(os.tmpdir(), PRIVATE_REDIS_PREFIX));
    await writeFile(path.join(dir, OWNER_FILE), ownerLine());
    const socket = path.join(dir, 'redis.sock');
    const port = options.tcp ? await freePort() : 0;
    const tls = options.tcp?.tls;
    const args = ['--port', String(tls ? 0 : port), '--bind', '127.0.0.1', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', dir];
    if (options.tcp) args.push('--requirepass', options.tcp.password);
    if (tls) args.push('--tls-port', String(port), '--tls-cert-file', tls.cert, '--tls-key-file', tls.key, '--tls-auth-clients', 'no');
    const launch = async (): Promise<ChildProcess> => {
      const child = spawn(binary, args, { stdio: 'ignore' });
      const failed = new Promise<never>((_, reject) => {
        child.once('error', (error: NodeJS.ErrnoException) =>
          reject(
            error.code === 'ENOENT'
              ? new ConfigError('no Redis: install redis-server (apt-get install redis-server, brew install redis) for a private one, or point REDIS_URL (--redis, redis.url) at a Redis of yours, e.g. `docker compose up -d redis`')
              : error,
          ),
        );
        child.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}`)));
      });
      const ready = (async () => {
        for (let i = 0; i < 200; i++) {
          if (await canConnect({ path: socket })) return;
          await new Promise((r) => setTimeout(r, 25));
        }
        throw new Error('redis-server did not start within 5 s');
      })();
      try {
        await Promise.race([ready, failed]);
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
      failed.catch(() => {});
      return child;
    };
    let child: ChildProcess;
    try {
      child = await launch();
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    const url = options.tcp ? `${tls ? 'rediss' : 'redis'}://:${encodeURIComponent(options.tcp.password)}@127.0.0.1:${port}` : `unix://${socket}`;
    return new PrivateRedis(url, child, dir, launch);
  }

  /** Kills the server (as a crash would) and starts a new one at the same address, holding nothing. */
  async restart(downMs = 0): Promise<void> {
    await this.halt('SIGKILL');
    await new Promise((r) => setTimeout(r, downMs));
    this.child = await this.launch();
  }

  async stop(): Promise<void> {
    await this.halt('SIGTERM');
    await rm(this.dir, { recursive: true, force: true });
  }

  private async halt(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
