import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/pipeline/run-report.ts';
import { PrivateRedis } from '../src/redis/private-redis.ts';
import { runCli, scratchProject } from './helpers/run-cli.ts';

const PASSWORD = 'tls-s3cret-pw';
let certs: string;
let server: PrivateRedis;

beforeAll(async () => {
  // A self-signed certificate for 127.0.0.1, as a private CA would issue.
  certs = await mkdtemp(path.join(os.tmpdir(), 'tl-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(certs, 'key.pem'), '-out', path.join(certs, 'cert.pem'), '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  server = await PrivateRedis.start({ tcp: { password: PASSWORD, tls: { cert: path.join(certs, 'cert.pem'), key: path.join(certs, 'key.pem') } } });
});
afterAll(async () => {
  await server?.stop();
  await rm(certs, { recursive: true, force: true });
});

describe('rediss:// (TLS) with a password', () => {
  it('runs the whole pipeline over TLS, the password printed nowhere', async () => {
    expect(server.url.startsWith('rediss://')).toBe(true);
    const dir = await scratchProject();
    const report = path.join(dir, 'report.json');
    const r = await runCli(['--config', path.join(dir, 'translate-locales.config.json'), '--report', report, '--verbose'], {
      env: { REDIS_URL: server.url, NODE_EXTRA_CA_CERTS: path.join(certs, 'cert.pem') },
    });
    expect(r.code).toBe(0);
    const parsed = JSON.parse(await readFile(report, 'utf8')) as RunReport;
    expect(parsed.ok).toBe(true);
    expect(parsed.files.every((f) => f.status === 'written')).toBe(true);
    expect(r.stderr).toMatch(/"redis":"rediss:\/\/127\.0\.0\.1:\d+"/);
    for (const text of [r.stdout, r.stderr, await readFile(report, 'utf8')]) expect(text).not.toContain(PASSWORD);
  });

  it('an untrusted certificate is one clear error naming the redacted URL, before anything is done', async () => {
    const dir = await scratchProject();
    const r = await runCli(['--config', path.join(dir, 'translate-locales.config.json')], { env: { REDIS_URL: server.url } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot connect to Redis at rediss:\/\/127\.0\.0\.1:\d+: self-signed certificate \(.*NODE_EXTRA_CA_CERTS/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it('a wrong password is named as such, and not printed', async () => {
    const dir = await scratchProject();
    const wrong = server.url.replace(PASSWORD, 'not-the-password');
    const r = await runCli(['--config', path.join(dir, 'translate-locales.config.json')], { env: { REDIS_URL: wrong, NODE_EXTRA_CA_CERTS: path.join(certs, 'cert.pem') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Redis at rediss:\/\/127\.0\.0\.1:\d+ refused the credentials/);
    expect(r.stderr).not.toContain('not-the-password');
  });
});
