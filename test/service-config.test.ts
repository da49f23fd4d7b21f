import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors/config-error.ts';
import { loadServiceConfig, publishBranch } from '../src/service/service-config.ts';
import { assertTrustedEndpoint } from '../src/service/trusted-endpoint.ts';

async function load(config: unknown, env: NodeJS.ProcessEnv = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-service-config-'));
  const file = path.join(dir, 'service.json');
  await writeFile(file, typeof config === 'string' ? config : JSON.stringify(config));
  return { file, dir, load: () => loadServiceConfig(file, {}, env) };
}

const project = { id: 'docs', repo: 'https://github.com/acme/docs.git' };

describe('service.json', () => {
  it('takes cron with a time zone, or every as "30s", "15m", "2h" or milliseconds', async () => {
    const { load: read, dir } = await load({
      projects: [
        { ...project, schedule: { cron: '0 3 * * *', tz: 'Europe/Berlin' }, publish: { mode: 'pull-request', branch: 'l10n/main', repository: 'acme/docs' } },
        { id: 'a', path: 'a', schedule: { every: '30s' } },
        { id: 'b', path: 'b', schedule: { every: '15m' } },
        { id: 'c', path: 'c', schedule: { every: '2h' } },
        { id: 'd', path: 'd', schedule: { every: 45_000 } },
      ],
    });
    const c = await read();
    expect(c.projects.map((p) => p.schedule)).toEqual([{ cron: '0 3 * * *', tz: 'Europe/Berlin' }, { every: 30_000 }, { every: 900_000 }, { every: 7_200_000 }, { every: 45_000 }]);
    expect(c.projects[1]).toMatchObject({ branch: 'main', config: 'translate-locales.config.json', publish: { mode: 'pull-request' } });
    expect(publishBranch(c.projects[0])).toBe('l10n/main');
    expect(publishBranch(c.projects[1])).toBe('translate-locales/main');
    expect(c.dataPath).toBe(path.join(dir, '.translate-locales-service'));
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.shutdownTimeoutMs).toBe(30_000);
  });

  it('takes the Redis URL from REDIS_URL when the file has none', async () => {
    const { load: read } = await load({ projects: [project] }, { REDIS_URL: 'unix:///tmp/r.sock' });
    expect((await read()).redisUrl).toBe('unix:///tmp/r.sock');
  });

  it.each([
    [{ projects: [{ id: 'x' }] }, /projects\.0: give either "repo" or "path"/],
    [{ projects: [{ ...project, path: '.' }] }, /give either "repo" or "path"/],
    [{ projects: [{ ...project, id: '../etc' }] }, /projects\.0\.id: letters, digits/],
    [{ projects: [{ ...project, branch: '--upload-pack=evil' }] }, /projects\.0\.branch: a git branch name/],
    [{ projects: [{ ...project, branch: 'a..b' }] }, /projects\.0\.branch: a git branch name/],
    [{ projects: [{ ...project, publish: { branch: '-f' } }] }, /publish\.branch: a git branch name/],
    [{ projects: [{ ...project, schedule: { every: '10 minutes' } }] }, /projects\.0\.schedule/],
    [{ projects: [{ ...project, schedule: { every: 10 } }] }, /projects\.0\.schedule/],
    [{ projects: [{ ...project, schedule: { cron: '* * * * *', every: '1m' } }] }, /projects\.0\.schedule/],
    [{ projects: [project, project] }, /project ids must be unique/],
    [{ projects: [{ ...project, repo: '--upload-pack=touch /tmp/x' }] }, /projects\.0\.repo: a git URL or path/],
    [{ projects: [{ ...project, config: '../../etc/config.json' }] }, /projects\.0\.config: a path inside the repository/],
    [{ projects: [{ ...project, config: '/etc/config.json' }] }, /projects\.0\.config: a path inside the repository/],
    [{ projects: [project], extra: 1 }, /Unrecognized key/],
    [{ projects: [] }, /projects: /],
  ])('refuses %j with the path of the problem', async (config, message) => {
    const { load: read, file } = await load(config);
    const error = await read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(message);
  });

  it('names the file when it is missing or not JSON', async () => {
    const { load: read, file } = await load('{ "projects": [');
    await expect(read()).rejects.toThrow(`${file}: not valid JSON`);
    await expect(loadServiceConfig(path.join(os.tmpdir(), 'no-such-service.json'))).rejects.toThrow(/service config not found/);
  });
});

describe('a repository config run by the service', () => {
  const configPath = '/repo/translate-locales.config.json';
  it('may use Alibaba endpoints or the service own DASHSCOPE_BASE_URL', () => {
    expect(() => assertTrustedEndpoint({ configPath, baseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1' }, {})).not.toThrow();
    expect(() => assertTrustedEndpoint({ configPath, baseUrl: 'http://127.0.0.1:8787/v1/' }, { DASHSCOPE_BASE_URL: 'http://127.0.0.1:8787/v1' })).not.toThrow();
  });

  it('may not send the API key to a host of its choosing', () => {
    expect(() => assertTrustedEndpoint({ configPath, baseUrl: 'https://collector.example/v1' }, { DASHSCOPE_BASE_URL: 'http://127.0.0.1:8787/v1' })).toThrow(
      /translate-locales\.config\.json: provider\.baseUrl https:\/\/collector\.example\/v1 is not one the service trusts/,
    );
  });
});
