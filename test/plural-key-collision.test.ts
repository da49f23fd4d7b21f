import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from './helpers/run-main.ts';
import { redisAndFolder } from './helpers/test-redis.ts';

const scratch = redisAndFolder('tl-collision-');

describe('a plural run whose target keys meet a key the object already has', () => {
  it('is not written (the rendered file would repeat a key), named in the report; the other locale and file are written', async () => {
    const { redis, dir } = scratch;
    await mkdir(path.join(dir, 'locales/en'), { recursive: true });
    // Russian adds `a_few` and `a_many` to the run, and the object has an `a_few` of its own further on.
    await writeFile(path.join(dir, 'locales/en/app.json'), '{\n  "a_one": "one apple",\n  "a_other": "many apples",\n  "x": 1,\n  "a_few": "a few apples"\n}\n');
    await writeFile(path.join(dir, 'locales/en/other.json'), '{"b": "Banana"}\n');
    await writeFile(
      path.join(dir, 'translate-locales.config.json'),
      JSON.stringify({ sourceLocale: 'en', targetLocales: ['ru', 'de'], files: [{ format: 'json', source: 'locales/{locale}/*.json' }], provider: { name: 'pseudo' } }),
    );
    const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json')], { env: { REDIS_URL: redis.url } });
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toMatch(/locales\/ru\/app\.json: not written: rendered JSON is invalid: .*a_few/);
    expect((await readdir(path.join(dir, 'locales/ru'))).sort()).toEqual(['other.json']);
    expect(JSON.parse(await readFile(path.join(dir, 'locales/de/app.json'), 'utf8'))).toHaveProperty('a_few');
  });
});
