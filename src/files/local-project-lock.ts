import { createHash } from 'node:crypto';
import { open, readFile, realpath, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ProjectBusyError } from '../errors/project-busy-error.ts';
import type { ProjectLockOptions } from '../queue/project-lock.ts';
import { processAlive } from '../util/process-alive.ts';

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/**
 * One run at a time per project on this machine, whatever Redis each uses: runs with their own
 * private redis-server never see each other's Redis lock. A file in the temporary folder (not in the
 * project, where it could be committed) named by a hash of the project's real path; a lock whose
 * process is gone is taken over.
 */
export class LocalProjectLock {
  private constructor(
    private readonly file: string,
    private readonly token: string,
  ) {}

  static async file(root: string): Promise<string> {
    const real = await realpath(root);
    return path.join(os.tmpdir(), `translate-locales-${createHash('sha256').update(real).digest('hex').slice(0, 32)}.lock`);
  }

  static async acquire(root: string, options: ProjectLockOptions): Promise<LocalProjectLock> {
    const file = await LocalProjectLock.file(root);
    const token = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() } satisfies Holder);
    let told = false;
    for (;;) {
      try {
        const handle = await open(file, 'wx', 0o600);
        await handle.writeFile(token);
        await handle.close();
        return new LocalProjectLock(file, token);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await LocalProjectLock.holder(file);
      if (!holder || (holder.host === os.hostname() && !processAlive(holder.pid))) {
        // Left by a run that was killed: take it over (if another run raced us to it, `wx` decides).
        await unlink(file).catch(() => {});
        continue;
      }
      const message = `another translate-locales run is working on ${root} (process ${holder.pid} on ${holder.host}, since ${holder.since})`;
      if (!options.wait) throw new ProjectBusyError(`${message}; nothing was done: run again when it has finished, or pass --wait`);
      if (!told) options.onWait?.(`${message}; waiting for it to finish`);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  private static async holder(file: string): Promise<Holder | undefined> {
    try {
      const h = JSON.parse(await readFile(file, 'utf8')) as Partial<Holder>;
      return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host, since: String(h.since) } : undefined;
    } catch {
      return undefined;
    }
  }

  async release(): Promise<void> {
    // Only our own: a lock taken over after a pause that looked like death is the other run's now.
    if ((await readFile(this.file, 'utf8').catch(() => '')) === this.token) await unlink(this.file).catch(() => {});
  }
}
