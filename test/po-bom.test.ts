import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msgfmtCheck } from './helpers/msgfmt.ts';
import { runMain } from './helpers/run-main.ts';
import { scratchFiles } from './helpers/scratch-files.ts';
import { startTestRedis } from './helpers/test-redis.ts';

let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

const BOM = '\ufeff';
const TEMPLATE = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello"\nmsgstr ""\n\nmsgid "Goodbye"\nmsgstr ""\n';
const RU = [
  'msgid ""', 'msgstr ""', '"Language: ru\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"', '"Content-Transfer-Encoding: 8bit\\n"',
  '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"',
  '', 'msgid "Hello"', 'msgstr "Привет"', '',
].join('\n');

async function project(files: Record<string, string>): Promise<string> {
  return scratchFiles({
    ...files,
    'translate-locales.config.json': JSON.stringify({ sourceLocale: 'en', targetLocales: ['ru'], files: [{ format: 'po', source: 'po/app.pot', target: 'po/{locale}.po' }], provider: { name: 'pseudo' } }),
  }, 'tl-po-bom-');
}

const config = (dir: string) => path.join(dir, 'translate-locales.config.json');
const run = async (dir: string) => (await runMain(['--config', config(dir)], { env: { REDIS_URL: redis.url } })).code;
const check = async (dir: string) => (await runMain(['--check', '--config', config(dir)])).code;
const target = async (dir: string) => readFile(path.join(dir, 'po/ru.po'), 'utf8');

describe('po: a byte-order mark', () => {
  it('a catalogue made from a template with one starts with one, as the template does; a rerun and --check find it current', async () => {
    const dir = await project({ 'po/app.pot': BOM + TEMPLATE });
    expect(await run(dir)).toBe(0);
    const text = await target(dir);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.slice(1)).toMatch(/^msgid ""\n/);
    // GNU msgfmt (0.21) takes a byte-order mark for a syntax error, in the template as in the catalogue: checked without it.
    await writeFile(path.join(dir, 'unmarked.po'), text.slice(1));
    expect(msgfmtCheck(path.join(dir, 'unmarked.po'))).toBeNull();
    const mtime = (await stat(path.join(dir, 'po/ru.po'))).mtimeMs;
    expect(await run(dir)).toBe(0);
    expect((await stat(path.join(dir, 'po/ru.po'))).mtimeMs).toBe(mtime);
    expect(await check(dir)).toBe(0);
  });

  it("an existing catalogue keeps its own: one it has stays when entries are added, and --check finds it current", async () => {
    const dir = await project({ 'po/app.pot': TEMPLATE, 'po/ru.po': BOM + RU });
    expect(await run(dir)).toBe(0);
    const text = await target(dir);
    expect(text.startsWith(BOM + 'msgid ""\n')).toBe(true);
    expect(text).toContain('msgid "Hello"\nmsgstr "Привет"\n');
    expect(text).toMatch(/msgid "Goodbye"\nmsgstr "[^"]+"\n/);
    expect(await check(dir)).toBe(0);
  });

  it("an existing catalogue without one gets none from the template's, and one the run does not change stays byte for byte", async () => {
    const done = RU + '\nmsgid "Goodbye"\nmsgstr "Пока"\n';
    const dir = await project({ 'po/app.pot': BOM + TEMPLATE, 'po/ru.po': done });
    expect(await run(dir)).toBe(0);
    expect(await target(dir)).toBe(done);
    expect(await check(dir)).toBe(0);
    // With a mark of its own, left as it is too.
    await writeFile(path.join(dir, 'po/ru.po'), BOM + done);
    expect(await run(dir)).toBe(0);
    expect(await target(dir)).toBe(BOM + done);
    expect(await check(dir)).toBe(0);
  });
});
