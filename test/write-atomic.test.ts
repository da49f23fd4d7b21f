import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeLeftovers } from '../src/files/remove-leftovers.ts';
import { writeAtomic } from '../src/files/write-atomic.ts';
import { scratchProject } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { startTestRedis } from './helpers/test-redis.ts';

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;
let dir: string;
let redis: Awaited<ReturnType<typeof startTestRedis>>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tl-write-'));
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('atomic writes', () => {
  it('keep the file mode of what they replace; a new file takes the mode of modeFrom', async () => {
    const target = path.join(dir, 'de.json');
    await writeFile(target, '{}');
    await chmod(target, 0o640);
    await writeAtomic(target, '{"a": 1}');
    expect(await modeOf(target)).toBe(0o640);
    expect(await readFile(target, 'utf8')).toBe('{"a": 1}');

    const source = path.join(dir, 'en.sh');
    await writeFile(source, '#!/bin/sh\n');
    await chmod(source, 0o750);
    await writeAtomic(path.join(dir, 'de.sh'), '#!/bin/sh\n', { modeFrom: source });
    expect(await modeOf(path.join(dir, 'de.sh'))).toBe(0o750);
  });

  it('removeLeftovers deletes only the temporary names writeAtomic makes', async () => {
    const keep = ['.de.json.backup.tmp', 'notes.tmp', '.de.json.0123456789AB.tmp', '.de.json.0123456789a.tmp', 'de.json'];
    const gone = ['.de.json.0123456789ab.tmp', '.messages.po.a1b2c3d4e5f6.tmp'];
    const folder = await mkdtemp(path.join(dir, 'leftovers-'));
    for (const name of [...keep, ...gone]) await writeFile(path.join(folder, name), 'x');
    expect((await removeLeftovers([folder, path.join(folder, 'absent')])).map((f) => path.basename(f)).sort()).toEqual([...gone].sort());
    expect((await readdir(folder)).sort()).toEqual([...keep].sort());
  });

  it('a run keeps each target mode, gives new targets their source mode, and removes what a killed run left', async () => {
    const project = await scratchProject(undefined, (c) => ({ ...c, targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}/*.json' }] }));
    const config = path.join(project, 'translate-locales.config.json');
    const source = path.join(project, 'locales/en/common.json');
    const target = path.join(project, 'locales/de/common.json');
    await chmod(source, 0o600);
    expect((await runMain(['--config', config], { env: { REDIS_URL: redis.url } })).code).toBe(0);
    expect(await modeOf(target)).toBe(0o600);

    const before = await readFile(target, 'utf8');
    await chmod(target, 0o640);
    await writeFile(source, (await readFile(source, 'utf8')).replace('Sign out', 'Log out'));
    // What a kill -9 mid-write leaves: a target's and the state's temporary files; a person's own file of a similar name stays.
    const left = [path.join(project, 'locales/de/.common.json.5f3a9c0d1e2b.tmp'), path.join(project, '.translate-locales/.state.json.00aa11bb22cc.tmp')];
    for (const f of left) await writeFile(f, '{"half": ');
    await writeFile(path.join(project, 'locales/de/.common.json.mine.tmp'), 'mine');
    const r = await runMain(['--config', config, '--report', path.join(project, 'report.json')], { env: { REDIS_URL: redis.url } });
    expect(r.code).toBe(0);
    expect(await readFile(target, 'utf8')).not.toBe(before);
    expect(await modeOf(target)).toBe(0o640);
    for (const f of left) expect(existsSync(f)).toBe(false);
    expect(await readFile(path.join(project, 'locales/de/.common.json.mine.tmp'), 'utf8')).toBe('mine');
  });
});
