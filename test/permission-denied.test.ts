import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config/load-config.ts';
import { planInputs } from '../src/pipeline/plan-inputs.ts';
import { checkProject } from '../src/pipeline/check-project.ts';
import { planRun } from '../src/pipeline/plan-run.ts';

// Tests run as root in CI, where chmod 000 does not stop a read: the permission error is made here.
const denied = new Set<string>();
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  const readFile = (async (file: Parameters<typeof fs.readFile>[0], ...rest: unknown[]) => {
    if (denied.has(String(file))) throw Object.assign(new Error(`EACCES: permission denied, open '${String(file)}'`), { code: 'EACCES' });
    return (fs.readFile as (...args: unknown[]) => unknown)(file, ...rest);
  }) as typeof fs.readFile;
  return { ...fs, readFile, default: { ...fs, readFile } };
});

describe('a target the run may not read', () => {
  it('is not taken for absent: reported with its reason, never planned for writing; --check says invalid', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tl-denied-'));
    await mkdir(path.join(dir, 'locales'));
    await writeFile(path.join(dir, 'locales/en.json'), '{"hello": "Hello"}\n');
    await writeFile(path.join(dir, 'locales/de.json'), '{"hello": "Hallo (von Hand)"}\n');
    await writeFile(path.join(dir, 'locales/fr.json'), '{"hello": "Bonjour"}\n');
    await writeFile(
      path.join(dir, 'translate-locales.config.json'),
      JSON.stringify({ sourceLocale: 'en', targetLocales: ['de', 'fr'], files: [{ format: 'json', source: 'locales/{locale}.json' }], provider: { name: 'pseudo' } }),
    );
    denied.add(path.join(dir, 'locales/de.json'));
    const config = await loadConfig(path.join(dir, 'translate-locales.config.json'));
    const plan = await planRun(config, await planInputs(config));
    expect(plan.pairs.map((p) => p.pair.target)).toEqual(['locales/fr.json']);
    expect(plan.problems.map((p) => p.message)).toEqual(['locales/de.json: cannot be read: permission denied; left as it is']);
    const findings = await checkProject(config, await planInputs(config));
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'invalid', message: 'locales/de.json: cannot be read: permission denied; left as it is' }));
  });
});
