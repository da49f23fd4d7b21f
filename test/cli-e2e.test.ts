import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { dumpRedis } from './helpers/redis-dump.ts';
import { runCli, scratchProject } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { useSimulatedEnv } from './helpers/simulated-env.ts';

const KEY = 'sk-e2e-secret-9f8e7d6c5b4a3210';

const useSimulator = (c: Record<string, unknown>) => ({ ...c, provider: { name: 'qwen-mt', model: 'qwen-mt-flash' }, rateLimit: { rpm: 6000, tpm: 20_000_000 } });

async function readReport(dir: string): Promise<RunReport> {
  return JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
}

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(path.join(e.parentPath, e.name));
  return out;
}

const ctx = useSimulatedEnv(KEY);

describe('translate-locales on samples/', () => {
  it('translates every file through the queue and the simulator, then reruns for free', async () => {
    const dir = await scratchProject(undefined, useSimulator);
    const args = ['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json'), '--verbose'];
    const first = await runMain(args, { env: ctx.env });
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    const report = await readReport(dir);
    expect(report.ok).toBe(true);
    expect(report.files).toHaveLength(15); // 5 source files (JSON, Markdown, PO) × 3 locales
    expect(report.files.every((f) => f.status === 'written' && f.failed === 0 && f.errors.length === 0)).toBe(true);
    expect(report.totals).toMatchObject({ files: 15, failed: 0, reused: 0 });
    expect(report.totals.translated).toBe(report.totals.segments);
    // Packed: a request or two per locale for this small project, and the report counts what the service billed;
    // Russian plural categories told their counts (one, few, many, other) go in one small request each,
    // and so does each msgctxt of the PO template ("menu", "door state") in each locale.
    expect(report.totals.requests).toBe(ctx.sim.stats.ok);
    expect(ctx.sim.stats.ok).toBeLessThanOrEqual(10 + 2 * 3);
    // The msgctxt requests (2 per locale, one entry each) aside, packing keeps requests under 5 % of segments.
    expect((report.totals.requests - 2 * 3) / report.totals.segments).toBeLessThan(0.05);
    expect(report.totals.promptTokens).toBe(ctx.sim.stats.promptTokens);
    expect(ctx.sim.stats.duplicates).toBe(0);

    const de = JSON.parse(await readFile(path.join(dir, 'locales/de/common.json'), 'utf8')) as { app: Record<string, string>; files: Record<string, string>; retries: number; menu: string[] };
    expect(de.app.welcome).toMatch(/\{\{name\}\}!$/);
    expect(de.app.welcome).not.toContain('Welcome');
    expect(de.retries).toBe(3);
    expect(Object.keys(de.files).slice(0, 2)).toEqual(['count_one', 'count_other']);
    const ru = JSON.parse(await readFile(path.join(dir, 'locales/ru/common.json'), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(ru.files).slice(0, 4)).toEqual(['count_one', 'count_few', 'count_many', 'count_other']);
    const ja = JSON.parse(await readFile(path.join(dir, 'app/i18n/ja/messages.json'), 'utf8')) as Record<string, string>;
    expect(ja['inbox.summary']).toMatch(/^.+\{count, plural, =0 \{[^}]+\} other \{# [^}]+\}\} .+\{sender\}.*$/);
    expect(ja['inbox.summary']).toMatch(/\p{Script=Han}/u);

    // Nothing secret reached Redis, the report, the logs or any file of the project.
    expect(await dumpRedis(ctx.redis.client())).not.toContain(KEY);
    expect(first.stdout + first.stderr).not.toContain(KEY);
    for (const f of await allFiles(dir)) expect(await readFile(f, 'utf8')).not.toContain(KEY);

    const mtime = statSync(path.join(dir, 'locales/de/common.json')).mtimeMs;
    ctx.sim.reset();
    const second = await runMain(args, { env: ctx.env });
    expect(second.code).toBe(0);
    const again = await readReport(dir);
    expect(ctx.sim.stats.requests).toBe(0);
    expect(again.files.every((f) => f.status === 'unchanged')).toBe(true);
    expect(again.totals.reused).toBe(report.totals.segments);
    expect(statSync(path.join(dir, 'locales/de/common.json')).mtimeMs).toBe(mtime);
    // The run cleaned up after itself. What stays by design: the shared translate queue's own keys and the rate limiter's window. Any
    // other key (a job, a result, a per-run queue's meta or events) is something the run left behind.
    const left = (await ctx.redis.client().keys('translate-locales:*')).filter((k) => !/^translate-locales:(translate:(meta|events|id|stalled-check)|limiter:[\w-]+(:window|:sizes)?)$/.test(k));
    expect(left).toEqual([]);
  });

  it('reproduces each source byte for byte when the service returns its input', async () => {
    ctx.sim.configure({ mode: 'identity' });
    const dir = await scratchProject(undefined, (c) => ({ ...useSimulator(c), targetLocales: ['de'] }));
    const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json')], { env: ctx.env });
    expect(r.code).toBe(0);
    for (const [src, dst] of [['locales/en/common.json', 'locales/de/common.json'], ['app/i18n/en/messages.json', 'app/i18n/de/messages.json']]) {
      expect(await readFile(path.join(dir, dst))).toEqual(await readFile(path.join(dir, src)));
    }
  });

  it('runs offline with the pseudo provider and no API key', async () => {
    const dir = await scratchProject();
    const signals = () => [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const before = signals();
    const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--to', 'fr', '--report', path.join(dir, 'report.json')], { env: { REDIS_URL: ctx.redis.url } });
    expect(r.code).toBe(0);
    // main() in process leaves no signal handler behind.
    expect(signals()).toEqual(before);
    expect(r.stdout).toMatch(/Done: 5 written/);
    const fr = JSON.parse(await readFile(path.join(dir, 'locales/fr/common.json'), 'utf8')) as { app: Record<string, string> };
    expect(fr.app.welcome).toMatch(/^［Wéļçómé ƀáçķ, \{\{name\}\}! ~+］$/);
    expect(existsSync(path.join(dir, 'locales/de'))).toBe(false);
  });

  it('reports a bad file by name and line, and still writes the others', async () => {
    const dir = await scratchProject(undefined, useSimulator);
    const src = path.join(dir, 'locales/en');
    await writeFile(path.join(src, 'broken.json'), '{\n  "a": "x",\n  "b": "y",\n}\n');
    await writeFile(path.join(src, 'dupes.json'), '{\n  "a": "x",\n  "a": "y"\n}\n');
    await writeFile(path.join(src, 'latin1.json'), Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]));
    await writeFile(path.join(src, 'binary.json'), Buffer.from([0x7b, 0x00, 0x01, 0x02]));
    const before = await readFile(path.join(src, 'broken.json'));
    const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--to', 'de', '--report', path.join(dir, 'report.json')], { env: ctx.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('locales/en/broken.json:4:1: invalid JSON');
    expect(r.stderr).toContain('locales/en/dupes.json:3:3: duplicate key "a"');
    expect(r.stderr).toContain('locales/en/latin1.json:1: not valid UTF-8');
    expect(r.stderr).toContain('locales/en/binary.json: binary file');
    expect(existsSync(path.join(dir, 'locales/de/common.json'))).toBe(true);
    for (const bad of ['broken', 'dupes', 'latin1', 'binary']) expect(existsSync(path.join(dir, `locales/de/${bad}.json`))).toBe(false);
    expect(await readFile(path.join(src, 'broken.json'))).toEqual(before);
    const report = await readReport(dir);
    expect(report.ok).toBe(false);
    expect(report.errors).toHaveLength(4);
    expect((await readdir(path.join(dir, 'locales/de'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    [(c: Record<string, unknown>) => ({ ...c, files: [{ format: 'yaml', source: 'x' }] }), /files\.0\.format: unknown format/],
    [(c: Record<string, unknown>) => ({ ...c, targetLocales: ['xx'] }), /target locale "xx" is not a language Qwen-MT supports/],
    [(c: Record<string, unknown>) => ({ ...c, targetLocales: ['ro'], provider: { name: 'qwen-mt', model: 'qwen-mt-lite' } }), /qwen-mt-lite does not support Romanian/],
    [(c: Record<string, unknown>) => ({ ...c, sourceLocale: undefined }), /sourceLocale: missing/],
    [(c: Record<string, unknown>) => ({ ...c, colour: 'blue' }), /unknown key\(s\) "colour"/],
  ])('exits 2 on a config error, before any request (%#)', async (edit, message) => {
    const dir = await scratchProject(undefined, edit);
    const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json')], { env: ctx.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(ctx.sim.stats.requests).toBe(0);
  });

  it('exits 2 without an API key for qwen-mt, and on a bad flag', async () => {
    const dir = await scratchProject(undefined, useSimulator);
    const r = await runCli(['--config', path.join(dir, 'translate-locales.config.json')], { env: { REDIS_URL: ctx.redis.url } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/DASHSCOPE_API_KEY is not set/);
    expect((await runMain(['--concurrency', 'lots'], { env: ctx.env })).code).toBe(2);
    const help = await runMain(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--report <file>/);
  });
});
