import { readlinkSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from '../util/process-alive.ts';
import { canConnect } from './can-connect.ts';

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

/** This process as an owner file names it: the machine, the pid namespace (containers sharing /tmp have their own), the pid. */
export function ownerLine(pid = process.pid): string {
  return `${os.hostname()} ${pidNamespace()} ${pid}`;
}

function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return '-';
  }
}

/**
 * Shuts down the private Redis servers whose run died without stopping them (killed, or out of memory)
 * and removes their folders. Only servers of this machine and pid namespace whose owner is gone are
 * touched; a server that still answers (one with a password, say) keeps its folder; others' folders we cannot read are passed over.
 */
export async function shutDownOrphans(tmp = os.tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  const here = ownerLine(0).replace(/ 0$/, '');
  const names = await readdir(tmp).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(PRIVATE_REDIS_PREFIX)) continue;
    const dir = path.join(tmp, name);
    const line = (await readFile(path.join(dir, OWNER_FILE), 'utf8').catch(() => '')).trim();
    const at = line.lastIndexOf(' ');
    const owner = Number(line.slice(at + 1));
    if (at < 0 || line.slice(0, at) !== here || !Number.isInteger(owner) || owner <= 0 || processAlive(owner)) continue;
    const socket = path.join(dir, 'redis.sock');
    await shutDown(socket);
    if (await canConnect({ path: socket })) continue;
    await rm(dir, { recursive: true, force: true }).catch(() => {});
    removed.push(dir);
  }
  return removed;
}
