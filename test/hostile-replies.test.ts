import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { runMain } from './helpers/run-main.ts';
import { useSimulatedEnv } from './helpers/simulated-env.ts';
import type { ReplyTamper } from './simulator/qwen-mt-simulator.ts';

const KEY = 'sk-hostile-replies-0000000';
const ctx = useSimulatedEnv(KEY);

/** Each hostile reply is served to the requests carrying one source string (packed or alone), every time. */
const INVENTED: Record<string, ReplyTamper> = {
  'Change your password': { when: 'password', append: ' {{user.password}}' },
  'Open the admin area': { when: 'admin', append: ' $t(admin.secret)' },
  'Items counted': { when: 'counted', append: ' %n' },
  'Welcome back': { when: 'Welcome', append: ' <script>alert(1)</script>' },
  'Read the guide': { when: 'guide', append: ' https://evil.example/phish' },
};
const SHAPES: Record<string, ReplyTamper> = {
  'Save changes': { when: 'Save', prepend: 'Sure! Here is the translation:\n\n' },
  'Delete the file': { when: 'Delete', prepend: 'Sure! Here is the translation: ' },
  'Close the window': { when: 'Close', append: '\n2. EXTRA SEGMENT' },
  'Print page': { when: 'Print', repeat: 300 },
};
const GOOD = 'Rename the folder';

interface Project {
  dir: string;
  run: () => Promise<{ code: number | null; out: string; report: RunReport }>;
  memory: () => Promise<string>;
}

/** A JSON file and a PO template with the same strings; failed segments keep their source so the files are written. */
async function project(strings: readonly string[]): Promise<Project> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-hostile-'));
  await mkdir(path.join(dir, 'locales/en'), { recursive: true });
  await mkdir(path.join(dir, 'po'));
  const json = Object.fromEntries(strings.map((s, i) => [`k${i}`, s]));
  await writeFile(path.join(dir, 'locales/en/app.json'), JSON.stringify(json, null, 2) + '\n');
  const pot = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ''];
  for (const s of strings) pot.push(`msgid "${s}"`, 'msgstr ""', '');
  await writeFile(path.join(dir, 'po/messages.pot'), pot.join('\n'));
  await writeFile(
    path.join(dir, 'translate-locales.config.json'),
    JSON.stringify({
      sourceLocale: 'en', targetLocales: ['de'], onFailure: 'keep-source',
      files: [{ format: 'json', source: 'locales/{locale}/*.json' }, { format: 'po', source: 'po/messages.pot', target: 'po/{locale}.po' }],
      provider: { name: 'qwen-mt', model: 'qwen-mt-flash' }, rateLimit: { rpm: 6000, tpm: 20_000_000 },
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 }, memory: { examples: 0 },
    }),
  );
  return {
    dir,
    run: async () => {
      const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json')], { env: ctx.env });
      return { code: r.code, out: r.stdout + r.stderr, report: JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport };
    },
    memory: () => readFile(path.join(dir, '.translate-locales/memory/de.jsonl'), 'utf8').catch(() => ''),
  };
}

async function written(dir: string): Promise<{ json: string; po: string }> {
  return { json: await readFile(path.join(dir, 'locales/de/app.json'), 'utf8'), po: await readFile(path.join(dir, 'po/de.po'), 'utf8') };
}

describe('hostile replies', () => {
  it('never writes or remembers a reply that adds placeholders, markup or a URL the source lacks', async () => {
    const p = await project([...Object.keys(INVENTED), GOOD]);
    ctx.sim.configure({ tamper: Object.values(INVENTED) });
    const { code, out, report } = await p.run();
    expect(code).toBe(1);
    const files = await written(p.dir);
    const memory = await p.memory();
    for (const text of ['user.password', 'admin.secret', '%n', '<script', 'evil.example']) {
      expect(files.json).not.toContain(text);
      expect(files.po).not.toContain(text);
      expect(memory).not.toContain(text);
    }
    expect(out).toMatch(/adds "\{\{user\.password\}\}" that the source does not have/);
    expect(out).toMatch(/adds "<script>", "<\/script>" that the source does not have/);
    expect(report.totals.failed).toBe(2 * Object.keys(INVENTED).length);
    // The honest segment is translated in both files, and only it is remembered.
    expect(JSON.parse(files.json).k5).not.toBe(GOOD);
    expect(memory.trim().split('\n')).toHaveLength(1);
  });

  it('rejects a preamble, an extra numbered segment or a 300 times longer reply, packed or alone', async () => {
    const p = await project([...Object.keys(SHAPES), GOOD]);
    ctx.sim.configure({ tamper: Object.values(SHAPES) });
    const { code, out, report } = await p.run();
    expect(code).toBe(1);
    const files = await written(p.dir);
    const memory = await p.memory();
    for (const text of ['Sure', 'EXTRA SEGMENT']) {
      expect(files.json).not.toContain(text);
      expect(files.po).not.toContain(text);
      expect(memory).not.toContain(text);
    }
    // What a 300-times reply would have left: the same fake word many times over.
    expect(files.json.length).toBeLessThan(2000);
    expect(memory.length).toBeLessThan(2000);
    expect(out).toMatch(/starts with a preamble/);
    expect(out).toMatch(/numbered segment the source does not have/);
    expect(out).toMatch(/times as long as the source/);
    expect(report.totals.failed).toBe(2 * Object.keys(SHAPES).length);
    // Every single-segment request was answered with its hostile reply, and refused.
    for (const [source, rule] of Object.entries(SHAPES)) expect(ctx.sim.log.some((l) => l.text === source && l.status === 200), `${source} (${JSON.stringify(rule)})`).toBe(true);
  });

  it('drops a remembered translation that fails a check instead of reusing it', async () => {
    const p = await project(['Change your password', GOOD]);
    expect((await p.run()).code).toBe(0);
    // What an earlier version stored from a hostile reply.
    const memory = await p.memory();
    const lines = memory.trim().split('\n').map((l) => JSON.parse(l) as { source: string; target: string });
    for (const e of lines) if (e.source === 'Change your password') e.target += ' {{user.password}}\nSure! Here is more: EXTRA';
    await writeFile(path.join(p.dir, '.translate-locales/memory/de.jsonl'), lines.map((e) => JSON.stringify(e)).join('\n') + '\n');
    await writeFile(path.join(p.dir, 'locales/de/app.json'), '{}\n');
    ctx.sim.reset();
    const again = await p.run();
    expect(again.code).toBe(0);
    // Retranslated (once for both files: they share the memory key), not reused.
    expect(ctx.sim.log.map((l) => l.text)).toEqual(['Change your password']);
    expect(again.report.totals.reused).toBe(2);
    const files = await written(p.dir);
    expect(files.json + files.po).not.toContain('user.password');
    expect(await p.memory()).not.toContain('user.password');
  });
});
