import { readdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from '../util/process-alive.ts';

/** The folders private Redis servers live in, one each: the unix socket, and the pid of the process that owns it. */
export const PRIVATE_REDIS_PREFIX = 'translate-locales-redis-';
export const OWNER_FILE = 'owner.pid';

/** Asks the server on `socket` to shut down at once, keeping nothing; resolves when it has gone or did not answer. */
function shutDown(socket: string): Promise<void> {
  return new Promise((resolve) => {
    const s = net.connect({ path: socket });
    const done = () => {
      s.destroy();
      resolve();
    };
    s.setTimeout(1000, done);
    s.once('error', done);
    s.once('close', done);
    s.once('connect', () => s.write('SHUTDOWN NOSAVE\r\n'));
  });
}

/**
 * Shuts down the private Redis servers whose run died without stopping them (killed, or out of memory)
 * and removes their folders. Only servers whose owner is gone are touched; others' folders we cannot read are passed over.
 */
export async function shutDownOrphans(tmp = os.tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(tmp).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(PRIVATE_REDIS_PREFIX)) continue;
    const dir = path.join(tmp, name);
    const owner = Number(await readFile(path.join(dir, OWNER_FILE), 'utf8').catch(() => ''));
    if (!Number.isInteger(owner) || owner <= 0 || processAlive(owner)) continue;
    await shutDown(path.join(dir, 'redis.sock'));
    await rm(dir, { recursive: true, force: true }).catch(() => {});
    removed.push(dir);
  }
  return removed;
}
