import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import { workerSettings } from '../src/run/worker-settings.ts';
import { MAX_CONCURRENCY, translateConcurrency } from '../src/config/concurrency.ts';
import { ConfigError } from '../src/errors/config-error.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { jsonFormat } from '../src/formats/json/json-format.ts';
import { DEFAULT_FRONT_MATTER_KEYS } from '../src/formats/markdown/front-matter-keys.ts';
import { markdownFormat } from '../src/formats/markdown/markdown-format.ts';
import { poFormat } from '../src/formats/po/po-format.ts';
import { hasLetters } from '../src/segments/letters.ts';
import { protect } from '../src/segments/placeholders.ts';
import { sentenceBreaks } from '../src/segments/sentences.ts';
import { splitLong } from '../src/segments/split-long.ts';
import { splitBetweenSentences } from '../jobs/translate-batch.ts';
import { nothingToTranslate } from '../src/segments/verbatim.ts';
import { createProvider } from '../src/providers/create-provider.ts';
import type { TranslateJobData } from '../src/queue/job-payloads.ts';
import { PAYLOAD_VERSION } from '../src/queue/job-payloads.ts';
import { limiterScope } from '../src/queue/queue-names.ts';
import { RateLimiter } from '../src/queue/rate-limiter.ts';
import { requireApiKey } from '../src/run/require-api-key.ts';
import { runCli, scratchProject } from './helpers/run-cli.ts';
import { targetContext } from './helpers/target-context.ts';

// Rules that several commands apply: each is written once, and these show the callers agree.

const load = async (overrides: Parameters<typeof loadConfig>[1] = {}) => {
  const dir = await scratchProject();
  return loadConfig(path.join(dir, 'translate-locales.config.json'), overrides, {});
};

describe('concurrency of `run` and `worker`', () => {
  it('defaults alike: auto at the resolved rate for qwen-mt, a fixed 8 for pseudo', async () => {
    const qwen = await load({ provider: 'qwen-mt' });
    expect(translateConcurrency(qwen, 'run')).toEqual({ auto: true, rpm: qwen.rpm });
    expect(translateConcurrency(qwen, 'worker')).toEqual(translateConcurrency(qwen, 'run'));
    const pseudo = await load({ provider: 'pseudo' });
    expect(translateConcurrency(pseudo, 'run')).toBe(8);
    expect(translateConcurrency(pseudo, 'worker')).toBe(8);
  });

  it('takes --concurrency N as N in both', async () => {
    const config = await load({ provider: 'qwen-mt', concurrency: 3 });
    expect(translateConcurrency(config, 'run')).toBe(3);
    expect(translateConcurrency(config, 'worker')).toBe(3);
  });

  it('reads 0 as "translates nothing": a run only produces, a worker sharing that config keeps its default', async () => {
    const config = await load({ provider: 'qwen-mt', concurrency: 0 });
    expect(translateConcurrency(config, 'run')).toBeUndefined();
    expect(translateConcurrency(config, 'worker')).toEqual({ auto: true, rpm: config.rpm });
  });
});

describe('the concurrency bound', () => {
  it('is the same for --concurrency and the config', async () => {
    const dir = await scratchProject();
    const file = path.join(dir, 'translate-locales.config.json');
    const flag = (n: number) => runCli(['--dry-run', '--config', file, '--concurrency', String(n)]);
    expect((await flag(MAX_CONCURRENCY)).code).toBe(0);
    const over = await flag(MAX_CONCURRENCY + 1);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain(`from 0 to ${MAX_CONCURRENCY}`);
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), concurrency: MAX_CONCURRENCY + 1 }));
    await expect(loadConfig(file, {}, {})).rejects.toThrow(/concurrency/);
  });
});

describe('RPM and TPM', () => {
  const job = (model: string): TranslateJobData => ({ v: PAYLOAD_VERSION, provider: 'qwen-mt', model, sourceLang: 'English', targetLang: 'German', segments: [] });

  it('a worker limits the config model\'s jobs to the limits the run resolved (model defaults by region)', async () => {
    const config = await load({ provider: 'qwen-mt', model: 'qwen-mt-plus' });
    expect({ rpm: config.rpm, tpm: config.tpm }).toEqual({ rpm: 60, tpm: 25_000 });
    const limits = workerSettings(config).limitsFor(job(config.model.name));
    expect(limits).toMatchObject({ rpm: config.rpm, tpm: config.tpm });
    // The scope the service's metrics know these limits by (run-processor.ts) is the workers' limiter's.
    expect(limits?.scope).toBe(limiterScope(config.baseUrl, config.model.name));
  });

  it('and the same with `rateLimit` set', async () => {
    const dir = await scratchProject();
    const file = path.join(dir, 'translate-locales.config.json');
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), rateLimit: { rpm: 7, tpm: 9_000 } }));
    const config = await loadConfig(file, { provider: 'qwen-mt' }, {});
    expect({ rpm: config.rpm, tpm: config.tpm }).toEqual({ rpm: 7, tpm: 9_000 });
    expect(workerSettings(config).limitsFor(job(config.model.name))).toMatchObject({ rpm: 7, tpm: 9_000 });
  });
});

describe('the API key', () => {
  it('is refused alike before a run and when a worker builds the provider', async () => {
    const config = await load({ provider: 'qwen-mt' });
    const settings = { baseUrl: config.baseUrl, region: 'cn', timeoutMs: 1000, stream: false, incrementalStream: true };
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error instanceof ConfigError ? error.message : `not a ConfigError: ${String(error)}`;
      }
      return 'no error';
    };
    expect(message(() => requireApiKey(config, {}))).toMatch(/^DASHSCOPE_API_KEY is not set/);
    expect(message(() => createProvider('qwen-mt', settings, {}))).toBe(message(() => requireApiKey(config, {})));
    expect(() => requireApiKey(config, { DASHSCOPE_API_KEY: 'sk-x' })).not.toThrow();
    expect(() => requireApiKey({ provider: { name: 'pseudo' } }, {})).not.toThrow();
  });
});

describe('the version', () => {
  it('is package.json\'s in `--version` and in the catalogues the PO format writes', async () => {
    const { version } = JSON.parse(await readFile(path.join(import.meta.dirname, '../package.json'), 'utf8')) as { version: string };
    expect((await runCli(['--version'])).stdout.trim()).toBe(version);
    const doc = poFormat.parse({ path: 'x.pot', text: 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello"\nmsgstr ""\n' });
    const out = poFormat.render(doc, targetContext('de'), () => 'Hallo');
    expect(out).toContain(`"X-Generator: translate-locales ${version}\\n"`);
  });
});

describe('the limiter\'s scripts', () => {
  it('are defined once per connection however many limiters (scopes) share it', () => {
    const redis = new Redis({ lazyConnect: true });
    const define = vi.spyOn(redis, 'defineCommand');
    new RateLimiter(redis, { scope: 'a', rpm: 60, tpm: 1000 });
    const reserve = (redis as unknown as Record<string, unknown>).tlReserve;
    new RateLimiter(redis, { scope: 'b', rpm: 60, tpm: 1000 });
    expect(define.mock.calls.map((c) => c[0]).sort()).toEqual(['tlConfirm', 'tlPause', 'tlRecover', 'tlReserve']);
    expect((redis as unknown as Record<string, unknown>).tlReserve).toBe(reserve);
    redis.disconnect();
  });
});

describe('"has letters"', () => {
  const target = targetContext('de');
  const options = { frontMatterKeys: DEFAULT_FRONT_MATTER_KEYS, headingIds: 'none' as const };
  const texts = ['42', '3.14 %', '…', '—', '%(count)s', 'Ok', 'Привет', '日本語', 'ÅÄÖ 42', '١٢٣', 'مرحبا'];

  it('decides alike what JSON, Markdown and PO send to translate', () => {
    for (const text of texts) {
      const json = jsonFormat.units(jsonFormat.parse({ path: 'x.json', text: JSON.stringify({ k: text }) }), target).length;
      const markdown = markdownFormat.units(markdownFormat.parse({ path: 'x.md', text: `${text}\n`, options }), target).length;
      const po = poFormat.units(poFormat.parse({ path: 'x.pot', text: `msgid ""\nmsgstr ""\n\nmsgid ${JSON.stringify(text)}\nmsgstr ""\n` }), target).filter((u) => !u.verbatim).length;
      const wanted = Number(!nothingToTranslate(protect(text)));
      expect({ text, json, markdown, po }).toEqual({ text, json: wanted, markdown: wanted, po: wanted });
    }
    expect(texts.filter((t) => !nothingToTranslate(protect(t)))).toEqual(['Ok', 'Привет', '日本語', 'ÅÄÖ 42', 'مرحبا']);
    expect(texts.filter(hasLetters)).toEqual(['%(count)s', 'Ok', 'Привет', '日本語', 'ÅÄÖ 42', 'مرحبا']);
  });
});

describe('sentences', () => {
  const cases: [string, string[]][] = [
    ['First sentence with {0}. Second one is here! Third ends it.', ['First sentence with {0}.', 'Second one is here!', 'Third ends it.']],
    ['He said "Hi." Then {1} left.\nNext line.', ['He said "Hi."', 'Then {1} left.', 'Next line.']],
    // No break before a lower-case word, inside a number, or at a line break within a sentence.
    ['See e.g. this one, version 3.14 of it\nand more. Done.', ['See e.g. this one, version 3.14 of it\nand more.', 'Done.']],
    ['最初の文です。次の文です！「最後？」終わり', ['最初の文です。', '次の文です！', '「最後？」', '終わり']],
  ];

  it.each(cases)('%j', (text, sentences) => {
    const breaks = sentenceBreaks(text);
    const pieces = [...breaks, { at: text.length, space: '' }].map((b, i, all) => text.slice(i ? all[i - 1].at + all[i - 1].space.length : 0, b.at));
    expect(pieces).toEqual(sentences);
  });

  it('is the one rule for a long paragraph\'s pieces and for a cut-off segment\'s halves', () => {
    for (const [text, sentences] of cases) {
      const split = splitLong(protect(text.replace(/\{\d\}/g, '%s')), 1);
      expect(split.pieces.length).toBe(sentences.length);
      const halves = splitBetweenSentences(text);
      const cut = halves ? halves.texts[0].length : -1;
      expect(sentenceBreaks(text).map((b) => b.at)).toContain(cut);
    }
  });
});

describe('errors', () => {
  it('are classes in src/errors only, one per file, all exported by its index', async () => {
    const root = path.join(import.meta.dirname, '..');
    const declared: string[] = [];
    for (const dir of ['src', 'workers', 'jobs']) {
      for (const file of await readdir(path.join(root, dir), { recursive: true })) {
        if (!file.endsWith('.ts')) continue;
        const text = await readFile(path.join(root, dir, file), 'utf8');
        for (const m of text.matchAll(/^(?:export )?class (\w+) extends \w*Error\b/gm)) declared.push(`${dir}/${file}: ${m[1]}`);
      }
    }
    expect(declared.length).toBeGreaterThan(5);
    expect(declared.filter((d) => !d.startsWith('src/errors/'))).toEqual([]);
    const index = await readFile(path.join(root, 'src/errors/index.ts'), 'utf8');
    for (const d of declared) {
      const [file, name] = d.split(': ');
      expect(path.basename(file, '.ts')).toBe(name.replace(/(?<=.)[A-Z]/g, (c) => `-${c}`).toLowerCase());
      expect(index).toContain(name);
    }
  });
});
