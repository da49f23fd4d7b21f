import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/run-cli.ts';
import { startTestRedis } from './helpers/test-redis.ts';

const run = promisify(execFile);
const npm = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  run('npm', args, { cwd, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...env }, maxBuffer: 16 << 20 });

let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

describe('the published package', () => {
  it('packs what the installed CLI needs, installs into an empty project and runs there offline', { timeout: 300_000 }, async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'tl-pack-'));
    // The build is current (vitest's global setup); packing needs no second build.
    const { stdout } = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', out], ROOT);
    const [packed] = JSON.parse(stdout) as [{ name: string; filename: string; files: { path: string }[] }];
    expect(packed.name).toBe('@translate-locales/cli');
    const files = packed.files.map((f) => f.path);
    expect(files).toContain('dist/bin/translate-locales.js');
    expect(files).toContain('dist/src/cli/program.js');
    expect(files).toContain('dist/workers/translate-worker.js');
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('dist/test/') || /\.ts$/.test(f))).toBe(false);

    const project = await mkdtemp(path.join(os.tmpdir(), 'tl-user-'));
    await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'demo', private: true, scripts: { 'translate-locales': 'translate-locales' } }, null, 2));
    await mkdir(path.join(project, 'locales/en'), { recursive: true });
    await writeFile(path.join(project, 'locales/en/app.json'), JSON.stringify({ greeting: 'Hello, {name}!', bye: 'Goodbye' }, null, 2) + '\n');
    await writeFile(
      path.join(project, 'translate-locales.config.json'),
      JSON.stringify({ sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'locales/{locale}/*.json' }], provider: { name: 'pseudo' } }),
    );
    // Dependencies come from npm's cache, filled by this checkout's own install.
    await npm(['install', '--prefer-offline', '--no-save', path.join(out, packed.filename)], project);

    const version = await run(path.join(project, 'node_modules/.bin/translate-locales'), ['--version'], { cwd: project });
    const ours = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(ours.version);
    const translated = await npm(['run', '--silent', 'translate-locales'], project, { REDIS_URL: redis.url });
    expect(translated.stdout).toContain('Done');
    const de = JSON.parse(await readFile(path.join(project, 'locales/de/app.json'), 'utf8')) as Record<string, string>;
    expect(de.greeting).toContain('{name}');
    expect(de.greeting).not.toBe('Hello, {name}!');
  });
});
