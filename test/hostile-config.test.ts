import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { runMain } from './helpers/run-main.ts';
import { startTestRedis } from './helpers/test-redis.ts';

// Configs and files arrive in pull requests: nothing a config says may write outside the project.

let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

/** A small JSON project: `locales/en/app.json`, pseudo provider, and the config `extra` merged in. */
async function project(extra: Record<string, unknown> = {}): Promise<{ dir: string; config: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-hostile-'));
  await mkdir(path.join(dir, 'locales/en'), { recursive: true });
  await writeFile(path.join(dir, 'locales/en/app.json'), '{"hello": "Hello"}\n');
  const config = path.join(dir, 'translate-locales.config.json');
  await writeFile(config, JSON.stringify({ sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}/*.json' }], provider: { name: 'pseudo' }, ...extra }));
  return { dir, config };
}

const outsideDir = () => mkdtemp(path.join(os.tmpdir(), 'tl-elsewhere-'));

function run(config: string, ...args: string[]) {
  return runMain(['--config', config, ...args], { env: { REDIS_URL: redis.url } });
}

describe('locale codes', () => {
  it('refuses a target locale that is not BCP-47 before anything is written, in the config and in --to', async () => {
    const elsewhere = await outsideDir();
    const escape = `de-/../../${path.basename(elsewhere)}/x`;
    const { dir, config } = await project({ targetLocales: [escape] });
    const r = await run(config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`targetLocales[0]: "${escape}" is not a BCP-47 locale code`);
    expect(await readdir(elsewhere)).toEqual([]);
    expect(existsSync(path.join(dir, '.translate-locales'))).toBe(false);

    const { config: good } = await project();
    const cli = await run(good, '--to', 'de,ja/../../x');
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('--to: "ja/../../x" is not a BCP-47 locale code');
    const source = await run((await project({ sourceLocale: 'en/..' })).config, '--check');
    expect(source.code).toBe(2);
    expect(source.stderr).toContain('sourceLocale: "en/.." is not a BCP-47 locale code');
  });

  it('still takes underscores, scripts, regions and Qwen-MT names', async () => {
    const { config } = await project({ targetLocales: ['pt_BR', 'zh-Hant-TW', 'German'] });
    const r = await run(config, '--check');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // missing targets, not a config error
  });
});

describe('paths in the config', () => {
  it('refuses an absolute target instead of moving it inside the project', async () => {
    const elsewhere = await outsideDir();
    const { dir, config } = await project({ files: [{ format: 'json', source: 'locales/{locale}/*.json', target: `${elsewhere}/{locale}/{path}` }] });
    const r = await run(config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`files[0].target "${elsewhere}/{locale}/{path}" is an absolute path`);
    expect(await readdir(elsewhere)).toEqual([]);
    expect(existsSync(path.join(dir, elsewhere.slice(1)))).toBe(false);
  });

  it('refuses a memory folder or glossary outside the project', async () => {
    const elsewhere = await outsideDir();
    const memory = await run((await project({ memory: { dir: `../${path.basename(elsewhere)}` } })).config);
    expect(memory.code).toBe(2);
    expect(memory.stderr).toMatch(/memory\.dir ".*" is outside the project folder/);
    const glossary = await run((await project({ glossary: '/etc/passwd' })).config, '--check');
    expect(glossary.code).toBe(2);
    expect(glossary.stderr).toContain('glossary "/etc/passwd" is outside the project folder');
    expect(await readdir(elsewhere)).toEqual([]);
  });

  it('writes nothing through a target folder that is a symbolic link out of the project, and names the link', async () => {
    const elsewhere = await outsideDir();
    const { dir, config } = await project();
    await symlink(elsewhere, path.join(dir, 'locales/de'));
    const r = await run(config, '--report', path.join(dir, 'report.json'));
    expect(r.code).toBe(1);
    expect(await readdir(elsewhere)).toEqual([]);
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.errors.join('\n')).toContain(`locales/en/app.json: target "locales/de/app.json" leads out of the project folder through the symbolic link "locales/de" (to ${elsewhere})`);
  });

  it('refuses a memory folder that is a symbolic link out of the project', async () => {
    const elsewhere = await outsideDir();
    const { dir, config } = await project();
    await symlink(elsewhere, path.join(dir, '.translate-locales'));
    const r = await run(config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`memory.dir: ".translate-locales" leads out of the project folder through the symbolic link ".translate-locales" (to ${elsewhere})`);
    expect(await readdir(elsewhere)).toEqual([]);
  });

  it('refuses a memory file or glossary committed as a symbolic link out of the project', async () => {
    const elsewhere = await outsideDir();
    await writeFile(path.join(elsewhere, 'profile'), 'export PATH=/usr/bin\n');
    const { dir, config } = await project();
    await mkdir(path.join(dir, '.translate-locales/memory'), { recursive: true });
    await symlink(path.join(elsewhere, 'profile'), path.join(dir, '.translate-locales/memory/de.jsonl'));
    const r = await run(config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`memory.dir: ".translate-locales/memory/de.jsonl" leads out of the project folder through the symbolic link ".translate-locales/memory/de.jsonl"`);
    expect(await readFile(path.join(elsewhere, 'profile'), 'utf8')).toBe('export PATH=/usr/bin\n');

    const glossary = await project({ glossary: 'terms.csv' });
    await symlink(path.join(elsewhere, 'profile'), path.join(glossary.dir, 'terms.csv'));
    const g = await run(glossary.config, '--check');
    expect(g.code).toBe(2);
    expect(g.stderr).toContain('glossary: "terms.csv" leads out of the project folder through the symbolic link "terms.csv"');
  });

  it('follows links that stay inside the project', async () => {
    const { dir, config } = await project();
    await mkdir(path.join(dir, 'real-de'));
    await symlink(path.join(dir, 'real-de'), path.join(dir, 'locales/de'));
    const r = await run(config);
    expect(r.code).toBe(0);
    expect(JSON.parse(await readFile(path.join(dir, 'real-de/app.json'), 'utf8'))).toHaveProperty('hello');
  });
});

describe('targets that overwrite what is not theirs', () => {
  it("refuses a group whose target is another group's source, naming both", async () => {
    const { dir, config } = await project({
      files: [
        { format: 'json', source: 'locales/{locale}/*.json' },
        { format: 'json', source: 'strings/*.json', target: 'locales/en/{name}.json' },
      ],
    });
    await mkdir(path.join(dir, 'strings'));
    await writeFile(path.join(dir, 'strings/app.json'), '{"bye": "Bye"}\n');
    const before = await readFile(path.join(dir, 'locales/en/app.json'), 'utf8');
    const r = await run(config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('files[1] ("strings/*.json") writes "locales/en/app.json", which is a source of files[0] ("locales/{locale}/*.json")');
    expect(await readFile(path.join(dir, 'locales/en/app.json'), 'utf8')).toBe(before);
  });

  it("refuses a target that another group's pattern would pick up as a source on the next run", async () => {
    const { config } = await project({
      files: [
        { format: 'json', source: 'locales/{locale}/*.json', target: 'out/{locale}/{path}' },
        { format: 'json', source: 'out/**/*.json', target: 'other/{locale}/{path}' },
      ],
    });
    const r = await run(config, '--check');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('files[0] ("locales/{locale}/*.json") writes "out/de/app.json", which is a source of files[1] ("out/**/*.json")');
  });

  it('refuses a target that is the config file, the glossary or inside the memory', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ target: 'translate-locales.config.json' }, 'which is the config file'],
      [{ target: 'terms.csv' }, 'which is the glossary'],
      [{ target: '.translate-locales/memory/{locale}.jsonl' }, 'which is inside the translation memory folder ".translate-locales"'],
    ];
    for (const [group, message] of cases) {
      const { dir, config } = await project({ glossary: 'terms.csv', files: [{ format: 'json', source: 'locales/{locale}/*.json', ...group }] });
      await writeFile(path.join(dir, 'terms.csv'), 'source,de\nHello,Hallo\n');
      const r = await run(config);
      expect(r.code, message).toBe(2);
      expect(r.stderr).toContain(message);
      expect(await readFile(path.join(dir, 'terms.csv'), 'utf8')).toBe('source,de\nHello,Hallo\n');
    }
  });
});

describe('the API key in clear', () => {
  it('refuses a plain-http base URL to another machine unless provider.allowInsecure is set', async () => {
    const provider = { name: 'qwen-mt', baseUrl: 'http://translate.example.com/v1' };
    const env = { REDIS_URL: redis.url, DASHSCOPE_API_KEY: 'sk-test-not-sent' };
    const refused = await runMain(['--config', (await project({ provider })).config], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('provider base URL http://translate.example.com is plain http to another machine');
    expect(refused.stderr).not.toContain('sk-test-not-sent');
    const fromEnv = await runMain(['--config', (await project({ provider: { name: 'qwen-mt' } })).config, '--check'], { env: { ...env, DASHSCOPE_BASE_URL: 'http://10.0.0.8/v1' } });
    expect(fromEnv.code).toBe(2);
    const allowed = await runMain(['--config', (await project({ provider: { ...provider, allowInsecure: true } })).config, '--check'], { env });
    expect(allowed.code).toBe(1);
    expect(allowed.stderr).toBe('');
  });
});
