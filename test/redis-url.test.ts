import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisUrl } from '../src/queue/redis-url.ts';
import { PrivateRedis } from '../src/redis/private-redis.ts';
import { runMain } from './helpers/run-main.ts';

// A Redis password reaches no log, error or report, however the URL spells it.

describe('Redis URLs', () => {
  it('prints only scheme, host, port and db', () => {
    expect(RedisUrl.display('redis://user:hunter2@cache.internal:6380/2')).toBe('redis://cache.internal:6380/2');
    expect(RedisUrl.display('rediss://:hunter2@cache.internal')).toBe('rediss://cache.internal:6379');
    expect(RedisUrl.display('redis://cache.internal:6380/?password=hunter2&db=3')).toBe('redis://cache.internal:6380');
    expect(RedisUrl.display('redis://:hunter@2secret@cache.internal:6380')).toBe('redis://cache.internal:6380');
    expect(RedisUrl.display('unix:///run/redis.sock?password=hunter2')).toBe('unix:///run/redis.sock');
    expect(RedisUrl.display('/run/redis.sock?password=hunter2')).toBe('unix:///run/redis.sock');
    expect(RedisUrl.display('redis://:hun/ter2@cache.internal')).toBe('(an invalid Redis URL)');
    expect(() => RedisUrl.parse('redis://:hun/ter2@cache.internal')).toThrow(/not a valid URL .*percent-encoded/);
    expect(() => RedisUrl.parse('http://cache.internal')).toThrow(/must start with redis:\/\//);
  });

  // A live Redis that wants another password: the wrong one is sent, refused at once, and must not be shown.
  let redis: PrivateRedis;
  let port = '';
  beforeAll(async () => {
    redis = await PrivateRedis.start({ tcp: { password: 'the-right-one' } });
    port = new URL(redis.url).port;
  });
  afterAll(() => redis.stop());

  const cases: [string, () => string, () => string][] = [
    ['a password in the query', () => `redis://127.0.0.1:${port}/?password=hunter2secret`, () => `Redis at redis://127.0.0.1:${port} refused the credentials`],
    ['a password with @', () => `redis://:hunter@2secret@127.0.0.1:${port}`, () => `Redis at redis://127.0.0.1:${port} refused the credentials`],
    ['a password with /', () => `redis://:hunter/2secret@127.0.0.1:${port}`, () => 'the Redis URL is not a valid URL'],
  ];
  for (const [name, url, said] of cases) {
    it(`keeps ${name} out of --verbose output and errors, and exits 2`, async () => {
      for (const args of [['worker', '--redis', url(), '--verbose'], ['--config', 'samples/translate-locales.config.json', '--redis', url(), '--verbose']]) {
        const r = await runMain(args, { env: {} });
        expect(r.stderr).toContain(said());
        expect(r.stderr + r.stdout).not.toMatch(/2secret|hunter/);
        expect(r.stderr).not.toContain('TypeError');
        expect(r.code).toBe(2);
      }
    });
  }
});
