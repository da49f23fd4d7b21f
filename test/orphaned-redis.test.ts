import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canConnect, PrivateRedis } from '../src/redis/private-redis.ts';
import { OWNER_FILE, ownerLine } from '../src/redis/orphaned-redis.ts';

const BUILT = pathToFileURL(path.join(import.meta.dirname, '../dist/src/redis/private-redis.js')).href;

/** A process that starts a private Redis, says where, and is then killed as `kill -9` or the kernel's OOM killer would. */
async function orphan(): Promise<string> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', `const { PrivateRedis } = await import(${JSON.stringify(BUILT)}); const r = await PrivateRedis.start(); console.log(r.url); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  return url.slice('unix://'.length);
}

describe('private Redis', () => {
  it('a server left running by a run that was killed is shut down, and its folder removed, when the next one starts', async () => {
    const socket = await orphan();
    expect(await canConnect({ path: socket })).toBe(true);
    const mine = await PrivateRedis.start();
    try {
      expect(await canConnect({ path: socket })).toBe(false);
      expect(existsSync(path.dirname(socket))).toBe(false);
      // Its own server, owned by a live process, is left alone by the next start.
      const other = await PrivateRedis.start();
      await other.stop();
      expect(await canConnect({ path: new URL(mine.url).pathname })).toBe(true);
    } finally {
      await mine.stop();
    }
  });

  it("leaves alone a server whose owner file names another machine or pid namespace (containers sharing /tmp), though that pid is not alive here", async () => {
    const theirs = await PrivateRedis.start();
    const socket = new URL(theirs.url).pathname;
    try {
      const [, ns] = ownerLine().split(' ');
      for (const line of [`another-host ${ns} 999999`, `${os.hostname()} pid:[1] 999999`]) {
        await writeFile(path.join(path.dirname(socket), OWNER_FILE), line);
        const mine = await PrivateRedis.start();
        await mine.stop();
        expect(await canConnect({ path: socket })).toBe(true);
      }
    } finally {
      await theirs.stop();
    }
  });
});
