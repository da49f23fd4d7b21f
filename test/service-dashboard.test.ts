import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratchProject, stopAllClis } from './helpers/run-cli.ts';
import { eventually, getRuns, serviceFolder, startService, type RunningService } from './helpers/service-env.ts';
import { startTestRedis } from './helpers/test-redis.ts';

const USER = 'ops';
const PASSWORD = 'dashboard-test-password-1';
const AUTH = { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` };
let redis: Awaited<ReturnType<typeof startTestRedis>>;
let serve: RunningService;
let browser: Browser;
let runId: string;

beforeAll(async () => {
  redis = await startTestRedis();
  const env = { REDIS_URL: redis.url, TRANSLATE_LOCALES_DASHBOARD_USER: USER, TRANSLATE_LOCALES_DASHBOARD_PASSWORD: PASSWORD };
  const service = await serviceFolder({ projects: [{ id: 'samples', path: await scratchProject() }] });
  serve = await startService(service.file, env);
  expect((await runCli(['schedule', 'trigger', 'samples', '--config', service.file], { env })).code).toBe(0);
  runId = (await eventually('a finished run', async () => (await getRuns(serve.url, AUTH)).find((r) => r.status === 'succeeded'))).id;
  // Debian's chromium, never a downloaded browser (.ci/run installs the package).
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  // A whole run and a browser start: more than the default hook time on a busy machine.
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stopAllClis();
  await redis.stop();
});

describe('the Bull Board dashboard in a headless browser', () => {
  it('renders /queues with the translate and runs queues and the finished run', async () => {
    const context = await browser.newContext({ httpCredentials: { username: USER, password: PASSWORD } });
    const page = await context.newPage();
    const response = await page.goto(`${serve.url}/queues`);
    expect(response?.status()).toBe(200);
    await page.getByText('translate', { exact: true }).first().waitFor();
    await page.getByText('runs', { exact: true }).first().waitFor();
    await page.goto(`${serve.url}/queues/queue/runs?status=completed`);
    await page.getByText(runId, { exact: true }).first().waitFor();
    expect(await page.innerText('body')).toMatch(/trigger:\s*"manual"/);
    expect(await page.content()).not.toContain(PASSWORD);
    // Read-only by default: the board's API refuses to add, pause or empty.
    const add = await context.request.post(`${serve.url}/queues/api/queues/runs/add`, { data: { name: 'run', data: { project: 'samples', trigger: 'manual' } } });
    expect(add.status()).toBe(405);
    expect((await context.request.put(`${serve.url}/queues/api/queues/translate/empty`)).status()).toBe(405);
    await context.close();
  });

  it('asks for credentials: none or wrong ones get 401', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const statuses: number[] = [];
    page.on('response', (r) => statuses.push(r.status()));
    // Headless chromium cannot show the login prompt: it gives up on the 401 challenge.
    await expect(page.goto(`${serve.url}/queues`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/);
    expect(statuses).toEqual([401]);
    expect((await context.request.get(`${serve.url}/queues`)).status()).toBe(401);
    await context.close();
    expect((await fetch(`${serve.url}/runs`)).status).toBe(401);
    const wrong = { authorization: `Basic ${Buffer.from(`${USER}:nope`).toString('base64')}` };
    expect((await fetch(`${serve.url}/queues`, { headers: wrong })).status).toBe(401);
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
  });

  it('refuses a non-loopback --host without credentials', async () => {
    const service = await serviceFolder({ projects: [{ id: 'x', path: '.' }] });
    const r = await runCli(['serve', '--config', service.file, '--host', '0.0.0.0', '--port', '0'], { env: { REDIS_URL: redis.url } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to serve on 0\.0\.0\.0 without dashboard credentials/);
  });
});
