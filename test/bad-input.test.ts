import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { runMain } from './helpers/run-main.ts';
import { startTestRedis } from './helpers/test-redis.ts';

let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

const GOOD = '{\n  "hello": "Hello"\n}\n';

/** Each case: a source file's bytes, and either the error expected for it or what its target must be. */
const CASES: { name: string; bytes: Buffer | string; error?: RegExp; check?: (target: Buffer) => void }[] = [
  { name: 'invalid', bytes: '{"a": "x" "b": "y"}', error: /invalid.json:1:\d+: invalid JSON/ },
  { name: 'duplicate', bytes: '{\n"a": "x",\n"a": "y"}', error: /duplicate.json:3:1: duplicate key "a"/ },
  { name: 'latin1', bytes: Buffer.from('{"a": "caf\xe9"}', 'latin1'), error: /latin1.json:1: not valid UTF-8/ },
  { name: 'binary', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), error: /binary.json: binary file/ },
  { name: 'deep', bytes: '{"a":'.repeat(10_000) + '"x"' + '}'.repeat(10_000), error: /deep.json:1: JSON nested deeper than 256 levels/ },
  { name: 'empty', bytes: '', error: /empty.json:1: empty file: no JSON value/ },
  { name: 'blank', bytes: ' \n\n', error: /blank.json:1: empty file: no JSON value/ },
  { name: 'bom', bytes: '\ufeff{"a": "Hello"}\n', check: (t) => expect(t.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf])) },
  { name: 'crlf', bytes: '{\r\n  "a": "Hello",\r\n  "b": "World"\r\n}\r\n', check: (t) => expect(t.toString().split('\r\n')).toHaveLength(5) },
  { name: 'proto', bytes: '{"__proto__": {"polluted": "Yes"}, "constructor": "Build"}', check: (t) => {
    expect(t.toString()).toMatch(/^\{"__proto__": \{"polluted": "［.+］"\}, "constructor": "［.+］"\}$/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  } },
];

describe('bad input', () => {
  it('rejects each bad file with its name and line, handles the odd-but-valid ones, and writes the rest', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-bad-'));
    const outside = await mkdtemp(path.join(os.tmpdir(), 'tl-outside-'));
    await mkdir(path.join(dir, 'en'), { recursive: true });
    await writeFile(path.join(dir, 'en/good.json'), GOOD);
    for (const c of CASES) await writeFile(path.join(dir, `en/${c.name}.json`), c.bytes);
    await writeFile(path.join(outside, 'secret.json'), '{"a": "outside"}');
    await symlink(path.join(outside, 'secret.json'), path.join(dir, 'en/link.json'));
    await writeFile(path.join(dir, 'escape.json'), GOOD);
    await writeFile(
      path.join(dir, 'translate-locales.config.json'),
      JSON.stringify({
        sourceLocale: 'en', targetLocales: ['de'], provider: { name: 'pseudo' },
        files: [{ format: 'json', source: '{locale}/*.json' }, { format: 'json', source: 'escape.json', target: '../{locale}-escape.json' }],
      }),
    );
    const r = await runMain(['--config', path.join(dir, 'translate-locales.config.json'), '--report', path.join(dir, 'report.json')], { env: { REDIS_URL: redis.url } });
    expect(r.code).toBe(1);
    for (const c of CASES.filter((c) => c.error)) {
      expect(r.stderr).toMatch(c.error!);
      expect(existsSync(path.join(dir, `de/${c.name}.json`))).toBe(false);
      expect(await readFile(path.join(dir, `en/${c.name}.json`))).toEqual(Buffer.from(c.bytes));
    }
    expect(r.stderr).toMatch(/en\/link.json: resolves outside the project folder/);
    expect(r.stderr).toMatch(/escape.json: target "..\/de-escape.json" is outside the project folder/);
    expect(existsSync(path.join(dir, 'de/link.json'))).toBe(false);
    expect(existsSync(path.join(path.dirname(dir), 'de-escape.json'))).toBe(false);
    for (const c of CASES.filter((c) => c.check)) c.check!(await readFile(path.join(dir, `de/${c.name}.json`)));
    expect(JSON.parse(await readFile(path.join(dir, 'de/good.json'), 'utf8'))).toEqual({ hello: '［Ĥéļļó ~~］' });
    expect((await readdir(path.join(dir, 'de'))).filter((f) => f.includes('.tmp'))).toEqual([]);
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.errors).toHaveLength(CASES.filter((c) => c.error).length + 2);
    expect(report.files.filter((f) => f.status === 'written').map((f) => path.basename(f.source)).sort()).toEqual(['bom.json', 'crlf.json', 'good.json', 'proto.json']);
  });

  it('shows a Redis password as *** and keeps it out of the report', async () => {
    const r = await runMain(['worker', '--redis', 'redis://user:hunter2@127.0.0.1:1', '--verbose'], { env: {} });
    expect(r.stderr).toContain('Redis at redis://127.0.0.1:1');
    expect(r.stderr).toContain('cannot connect to Redis');
    expect(r.stderr).not.toContain('hunter2');
    expect(r.code).toBe(2);
  });
});
