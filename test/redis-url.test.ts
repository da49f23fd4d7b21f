import { describe, expect, it } from 'vitest';
import { RedisUrl } from '../src/queue/redis-url.ts';
import { runCli } from './helpers/run-cli.ts';

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

  const cases: [string, string, string][] = [
    ['a password in the query', 'redis://127.0.0.1:1/?password=hunter2secret', 'Redis at redis://127.0.0.1:1'],
    ['a password with @', 'redis://:hunter@2secret@127.0.0.1:1', 'Redis at redis://127.0.0.1:1'],
    ['a password with /', 'redis://:hunter/2secret@127.0.0.1:1', 'the Redis URL is not a valid URL'],
  ];
  for (const [name, url, said] of cases) {
    it(`keeps ${name} out of --verbose output and errors, and exits 2`, async () => {
      for (const args of [['worker', '--redis', url, '--verbose'], ['--config', 'samples/translate-locales.config.json', '--redis', url, '--verbose']]) {
        const r = await runCli(args, { env: {} });
        expect(r.stderr).toContain(said);
        expect(r.stderr + r.stdout).not.toMatch(/2secret|hunter/);
        expect(r.stderr).not.toContain('TypeError');
        expect(r.code).toBe(2);
      }
    });
  }
});
