import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { scratchProject } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { startTestRedis } from './helpers/test-redis.ts';

let redis: Awaited<ReturnType<typeof startTestRedis>>;
let dir: string;
const configFile = () => path.join(dir, 'translate-locales.config.json');
const cli = (...extra: string[]) => runMain(['--config', configFile(), ...extra], { env: { REDIS_URL: redis.url } });

beforeAll(async () => {
  redis = await startTestRedis();
  dir = await scratchProject(undefined, (c) => ({ ...c, targetLocales: ['de'] }));
  expect((await cli()).code).toBe(0);
});
afterAll(() => redis.stop());

describe('a target that cannot be read', () => {
  it('is left byte for byte, reported with file and reason, exit 1; --check says invalid; the others are still done', async () => {
    // A translator's editor saved one word in Latin-1; a PO catalogue says UTF-8 but is Latin-1; a target is a folder.
    const json = path.join(dir, 'locales/de/common.json');
    const edited = Buffer.concat([Buffer.from((await readFile(json, 'utf8')).replace(/"[^"]*"\n}\s*$/, '"Gr')), Buffer.from([0xfc, 0xdf]), Buffer.from('e"\n}\n')]);
    await writeFile(json, edited);
    const po = path.join(dir, 'po/de.po');
    const latin1 = Buffer.from((await readFile(po, 'utf8')).replace(/msgstr "[^"]+"/, 'msgstr "Willkommen bei Acme, sch\u00f6n"'), 'latin1');
    await writeFile(po, latin1);
    const md = path.join(dir, 'docs/de/getting-started.md');
    await rm(md);
    await mkdir(md);
    await rm(path.join(dir, 'app/i18n/de/messages.json'));

    const r = await cli('--report', path.join(dir, 'report.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/locales\/de\/common.json:\d+: cannot be read: not valid UTF-8; left as it is/);
    expect(r.stderr).toMatch(/po\/de.po:1: cannot be read: not valid UTF-8; left as it is/);
    expect(r.stderr).toMatch(/docs\/de\/getting-started.md: cannot be read: is a folder, not a file; left as it is/);
    expect(await readFile(json)).toEqual(edited);
    expect(await readFile(po)).toEqual(latin1);
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.ok).toBe(false);
    expect(report.errors.filter((e) => e.includes('cannot be read'))).toHaveLength(3);
    expect(report.files.map((f) => f.target)).not.toContain('locales/de/common.json');
    // Everything else still done.
    expect(report.files.find((f) => f.target === 'app/i18n/de/messages.json')?.status).toBe('written');

    const check = await cli('--check');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/invalid: locales\/de\/common.json:\d+: cannot be read: not valid UTF-8/);
    expect(check.stdout).toMatch(/invalid: po\/de.po:1: cannot be read/);
    expect(await readFile(json)).toEqual(edited);
  });
});

describe('a JSON target that is not valid JSON', () => {
  let own: string;
  const run = (...extra: string[]) => runMain(['--config', path.join(own, 'translate-locales.config.json'), ...extra], { env: { REDIS_URL: redis.url } });
  beforeAll(async () => {
    own = await scratchProject(undefined, (c) => ({ ...c, targetLocales: ['de', 'ja'] }));
    expect((await run()).code).toBe(0);
  });

  it('is left byte for byte (a merge-conflict marker), reported with file and line, exit 1; --check says invalid; the others are still written', async () => {
    const json = path.join(own, 'locales/de/common.json');
    const conflicted = (await readFile(json, 'utf8')).replace(/("title": "[^"]*",)\n/, '<<<<<<< HEAD\n$1\n=======\n    "title": "Acme-Übersicht",\n>>>>>>> translations\n');
    await writeFile(json, conflicted);
    const source = path.join(own, 'locales/en/common.json');
    await writeFile(source, (await readFile(source, 'utf8')).replace('"Sign out"', '"Log out"'));

    const r = await run('--report', path.join(own, 'report.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/locales\/de\/common.json:3:5: invalid JSON: \w+; left as it is/);
    expect(await readFile(json, 'utf8')).toBe(conflicted);
    const report = JSON.parse(await readFile(path.join(own, 'report.json'), 'utf8')) as RunReport;
    expect(report.ok).toBe(false);
    expect(report.files.map((f) => f.target)).not.toContain('locales/de/common.json');
    expect(report.files.find((f) => f.target === 'locales/ja/common.json')).toMatchObject({ status: 'written', translated: 1 });

    const check = await run('--check');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/invalid: locales\/de\/common.json:3:5: invalid JSON: \w+; left as it is/);
    expect(check.stdout).not.toMatch(/anew|outdated: locales\/de/);
    expect(await readFile(json, 'utf8')).toBe(conflicted);
  });

  it('unless it is empty (a write cut short, a placeholder): nothing in it to keep, so it is written', async () => {
    const json = path.join(own, 'locales/de/common.json');
    await writeFile(json, ' \n');
    const r = await run();
    expect(r.code).toBe(0);
    expect(JSON.parse(await readFile(json, 'utf8'))).toMatchObject({ app: { logout: expect.any(String) } });
    expect((await run('--check')).code).toBe(0);
  });
});

describe('glossary and config that exist but cannot be read', () => {
  it('say what is wrong, not "not found"', async () => {
    const folder = path.join(dir, 'a-folder.json');
    await mkdir(folder, { recursive: true });
    const config = await cli('--config', folder, '--check');
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/a-folder.json: config file cannot be read: is a folder, not a file/);
    expect(config.stderr).not.toMatch(/not found/);

    const withGlossary = path.join(dir, 'glossary-config.json');
    const c = JSON.parse(await readFile(configFile(), 'utf8')) as Record<string, unknown>;
    await writeFile(withGlossary, JSON.stringify({ ...c, glossary: 'a-folder.json' }));
    const glossary = await runMain(['--config', withGlossary, '--check'], { env: { REDIS_URL: redis.url } });
    expect(glossary.code).toBe(2);
    expect(glossary.stderr).toMatch(/a-folder.json: glossary cannot be read: is a folder, not a file/);

    await writeFile(path.join(dir, 'latin1.csv'), Buffer.from('source,de\nSign out,Abmelden f\u00fcr\n', 'latin1'));
    await writeFile(withGlossary, JSON.stringify({ ...c, glossary: 'latin1.csv' }));
    const latin1 = await runMain(['--config', withGlossary, '--check'], { env: { REDIS_URL: redis.url } });
    expect(latin1.code).toBe(2);
    expect(latin1.stderr).toMatch(/latin1.csv:2: glossary cannot be read: not valid UTF-8/);

    const missing = await runMain(['--config', path.join(dir, 'nope.json'), '--check'], { env: { REDIS_URL: redis.url } });
    expect(missing.stderr).toMatch(/nope.json: config file not found/);
  });
});
