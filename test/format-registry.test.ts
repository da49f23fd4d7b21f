import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config/load-config.ts';
import { ConfigError } from '../src/errors/config-error.ts';
import { configSchema } from '../src/config/schema.ts';
import { discover } from '../src/files/discover.ts';
import { formatNames } from '../src/formats/index.ts';
import { FORMATS } from '../src/formats/registry.ts';
import { Run } from '../src/run/run.ts';
import { localWorkers as workers } from './helpers/local-workers.ts';
import { checkSegment, loadSegmentChecks, settleSegment } from '../src/segments/check-segment.ts';
import { startTestRedis } from './helpers/test-redis.ts';
import { scratchFiles } from './helpers/scratch-files.ts';

// The README's "Adding a format", done: a format from its own folder, added to the registry's list.
vi.mock('../src/formats/registry.ts', async (importOriginal) => {
  const registry = await importOriginal<typeof import('../src/formats/registry.ts')>();
  const { txt } = await import('./fixtures/formats/txt/index.ts');
  return { FORMATS: [...registry.FORMATS, txt] };
});

const CONFIG = 'translate-locales.config.json';

function project(files: Record<string, string>, config: object): Promise<string> {
  return scratchFiles({ ...files, [CONFIG]: JSON.stringify({ sourceLocale: 'en', targetLocales: ['de'], provider: { name: 'pseudo' }, ...config }) }, 'tl-registry-');
}

async function configError(config: object): Promise<string> {
  const dir = await project({}, config);
  const error = await loadConfig(path.join(dir, CONFIG)).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

describe('a format registered in the one list', () => {
  it('is a format the config accepts, with its settings under its name, defaults and errors derived from the list', async () => {
    expect(FORMATS.map((f) => f.name)).toEqual(['json', 'markdown', 'po', 'txt']);
    expect(formatNames()).toEqual(['json', 'markdown', 'po', 'txt']);
    expect(Object.keys(configSchema.shape)).toEqual(expect.arrayContaining(['markdown', 'po', 'txt']));
    const parsed = configSchema.parse({ sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'txt', source: 'a.txt' }] }) as Record<string, unknown>;
    expect(parsed.txt).toEqual({ comment: '#' });
    expect(await configError({ files: [{ format: 'yaml', source: 'a.yaml' }] })).toMatch(/files\.0\.format: unknown format; use one of json, markdown, po, txt/);
    expect(await configError({ files: [{ format: 'txt', source: 'a.txt' }], txt: { comments: ';' } })).toMatch(/txt: unknown key\(s\) "comments"/);
  });

  it('is discovered by its in-place rule: the locale from the path, else from the file', async () => {
    const dir = await project({ 'notes/de.txt': 'Hello\n', 'notes/other.txt': '# Language: de\nHello\n', 'notes/none.txt': 'Hello\n' }, { files: [{ format: 'txt', source: 'notes/*.txt' }] });
    const found = await discover(dir, [{ format: 'txt', source: 'notes/*.txt' }], 'en', ['de']);
    expect(found.pairs.map((p) => `${p.source} → ${p.target} (${p.locale}, ${p.format})`)).toEqual(['notes/de.txt → notes/de.txt (de, txt)', 'notes/other.txt → notes/other.txt (de, txt)']);
    expect(found.errors).toEqual([{ source: 'notes/none.txt', message: 'cannot tell the locale of this catalogue: give it a "# Language: <locale>" line or put the locale in its path' }]);
  });

  it('has its segment check looked up by name, as a worker does', async () => {
    await loadSegmentChecks();
    expect(checkSegment('Hello', '#Hallo', 'txt')).toBe('the line would become a comment');
    expect(checkSegment('Hello', 'Hallo', 'txt')).toBeNull();
    expect(settleSegment('Hello there', 'Hallo\n da', 'txt')).toBe('Hallo da');
    expect(checkSegment('Hello', 'Hallo', 'yaml')).toBe('no "yaml" segment check loaded in this process');
  });

  it('runs end to end: its settings reach its parser, its units are translated and checked, its files written', async () => {
    const dir = await project(
      { 'text/en/intro.txt': '; a comment\nHello, {name}!\n\nGoodbye\n' },
      { files: [{ format: 'txt', source: 'text/{locale}/*.txt' }], txt: { comment: ';' } },
    );
    const config = await loadConfig(path.join(dir, CONFIG), { redis: redis.url });
    const { report, exitCode } = await new Run({ config, logger: pino({ level: 'silent' }), workers }).start();
    expect(exitCode).toBe(0);
    expect(report.files.map((f) => f.target)).toEqual(['text/de/intro.txt']);
    const lines = (await readFile(path.join(dir, 'text/de/intro.txt'), 'utf8')).split('\n');
    expect(lines[0]).toBe('; a comment');
    expect(lines[1]).toContain('{name}');
    expect(lines[1]).not.toBe('Hello, {name}!');
    expect(lines[3]).not.toBe('Goodbye');
  });
});
