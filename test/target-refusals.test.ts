import { mkdir, mkdtemp, realpath, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.ts';
import type { FileGroup } from '../src/config/schema.ts';
import { discover } from '../src/files/discover.ts';
import { ProjectPath } from '../src/files/project-path.ts';
import { refuseOverlaps } from '../src/files/target-overlaps.ts';
import { group, targets } from './helpers/discover-targets.ts';
import { scratchFiles } from './helpers/scratch-files.ts';

// Targets a run must never write: outside the project (.., absolute, through a symbolic link), over a
// source, the config, the glossary or the memory. Straight from the functions: no process.

describe('discover: targets that would land outside the project', () => {
  it('refuses a target template that climbs out with ..', async () => {
    const { pairs, errors } = await targets(['docs/a.md'], [group('docs/*.md', { format: 'markdown', target: '../out/{locale}/{path}' })], ['de']);
    expect(pairs).toEqual([]);
    expect(errors).toEqual(['docs/a.md: target "../out/de/a.md" is outside the project folder; skipped']);
  });

  it('refuses a target template that climbs out after going in', async () => {
    const { errors } = await targets(['docs/a.md'], [group('docs/*.md', { format: 'markdown', target: 'i18n/../../{locale}/{path}' })], ['de']);
    expect(errors).toEqual(['docs/a.md: target "../de/a.md" is outside the project folder; skipped']);
  });

  it('refuses an absolute target', async () => {
    const { pairs, errors } = await targets(['docs/a.md'], [group('docs/*.md', { format: 'markdown', target: '/tmp/tl-out/{locale}/{path}' })], ['de']);
    expect(pairs).toEqual([]);
    expect(errors).toEqual(['docs/a.md: target "/tmp/tl-out/de/a.md" is outside the project folder; skipped']);
  });

  it('takes a folder whose name starts with two dots for a folder, not for a way out', async () => {
    const { pairs, errors } = await targets(['..i18n/en/a.json'], [group('..i18n/{locale}/*.json')], ['de']);
    expect(errors).toEqual([]);
    expect(pairs).toEqual(['de: ..i18n/en/a.json → ..i18n/de/a.json']);
  });

  it('refuses a target whose folder is a symbolic link out of the project, and only that locale', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'tl-outside-'));
    const root = await scratchFiles({ 'locales/en.json': '{}' });
    await symlink(outside, path.join(root, 'locales-de'));
    const found = await discover(root, [group('locales/{locale}.json', { target: 'locales-{locale}/app.json' })], 'en', ['de', 'fr']);
    expect(found.pairs.map((p) => p.target)).toEqual(['locales-fr/app.json']);
    expect(found.errors).toEqual([{ source: 'locales/en.json', message: `target "locales-de/app.json" leads out of the project folder through the symbolic link "locales-de" (to ${await realpath(outside)}); skipped` }]);
  });

  it('allows a symbolic link that stays inside the project', async () => {
    const root = await scratchFiles({ 'locales/en.json': '{}' });
    await mkdir(path.join(root, 'shared/de'), { recursive: true });
    await symlink(path.join(root, 'shared/de'), path.join(root, 'locales/de'));
    const found = await discover(root, [group('locales/{locale}.json', { target: 'locales/{locale}/app.json' })], 'en', ['de']);
    expect(found.errors).toEqual([]);
    expect(found.pairs.map((p) => p.target)).toEqual(['locales/de/app.json']);
  });

  it('refuses a source that is a symbolic link out of the project', async () => {
    const outside = await scratchFiles({ 'secret.json': '{"a": "b"}' }, 'tl-outside-');
    const root = await scratchFiles({ 'locales/en/a.json': '{}' });
    await symlink(path.join(outside, 'secret.json'), path.join(root, 'locales/en/b.json'));
    const found = await discover(root, [group('locales/{locale}/*.json')], 'en', ['de']);
    expect(found.pairs.map((p) => p.source)).toEqual(['locales/en/a.json']);
    expect(found.errors).toEqual([{ source: 'locales/en/b.json', message: 'resolves outside the project folder (symbolic link); skipped' }]);
  });

  it('refuses a target that is the source itself, or another source\'s target', async () => {
    const self = await targets(['a/en.json'], [group('a/*.json', { target: 'a/en.json' })], ['de']);
    expect(self.errors).toEqual(['a/en.json: target for de is the source file itself; add "target" to its file group']);
    const shared = await targets(['a/x.json', 'a/y.json'], [group('a/*.json', { target: 'out/{locale}.json' })], ['de']);
    expect(shared.pairs).toEqual(['de: a/x.json → out/de.json']);
    expect(shared.errors).toEqual(['a/y.json: target "out/de.json" is also the target of a/x.json; skipped']);
  });
});

describe('the config refuses, before discovery, a path that cannot stay inside', () => {
  async function refusal(change: Record<string, unknown>): Promise<Error> {
    const config = { sourceLocale: 'en', targetLocales: ['de'], files: [{ format: 'json', source: 'a/{locale}.json' }], ...change };
    const root = await scratchFiles({ 'translate-locales.config.json': JSON.stringify(config) }, 'tl-config-');
    return loadConfig(path.join(root, 'translate-locales.config.json'), {}, {}).then(
      () => new Error('accepted'),
      (error: Error) => error,
    );
  }

  it('an absolute source or target, Windows spelling too', async () => {
    for (const [key, value] of [['target', '/srv/out/{locale}.json'], ['target', 'C:\\out\\{locale}.json'], ['source', '/etc/{locale}.json']]) {
      const error = await refusal({ files: [{ format: 'json', source: 'a/{locale}.json', [key]: value }] });
      expect(error.name).toBe('ConfigError');
      expect(error.message).toContain(`files[0].${key} "${value}" is an absolute path`);
    }
  });

  it('a memory folder or glossary outside the project', async () => {
    expect((await refusal({ memory: { dir: '../memory' } })).message).toMatch(/memory\.dir "\.\.\/memory" is outside the project folder/);
    expect((await refusal({ glossary: '/etc/passwd' })).message).toMatch(/glossary "\/etc\/passwd" is outside the project folder/);
    expect((await refusal({ memory: { dir: '..memory' } })).message).toBe('accepted');
  });
});

describe('ProjectPath.escape', () => {
  it('says why a path leads out, and nothing for one that stays in', async () => {
    const root = await scratchFiles({ 'a/b.json': '{}' });
    await symlink('/nonexistent-tl-target', path.join(root, 'dangling'));
    const project = await ProjectPath.of(root);
    expect(await project.escape('a/b.json')).toBeUndefined();
    expect(await project.escape('a/not/yet/there.json')).toBeUndefined();
    expect(await project.escape('a/../c.json')).toBeUndefined();
    expect(await project.escape('../c.json')).toBe('"../c.json" is outside the project folder');
    expect(await project.escape('/etc/passwd')).toBe('"/etc/passwd" is outside the project folder');
    // A name that merely starts with two dots is inside.
    expect(await project.escape('..cache/de.json')).toBeUndefined();
    expect(await project.escape('a/..b')).toBeUndefined();
    expect(await project.escape('dangling/x.json')).toBe('"dangling/x.json" leads out of the project folder through the symbolic link "dangling", which leads nowhere');
  });
});

describe('refuseOverlaps: a target must never be something else the run needs', () => {
  async function refusal(groups: FileGroup[], files: string[], protect: { glossary?: string } = {}): Promise<Error | undefined> {
    const root = await scratchFiles(Object.fromEntries(files.map((f) => [f, '{}'])), 'tl-overlap-');
    const found = await discover(root, groups, 'en', ['de']);
    try {
      refuseOverlaps(groups, found.isSource, found.pairs, { root, configPath: path.join(root, 'translate-locales.config.json'), memoryDir: '.translate-locales', ...protect });
      return undefined;
    } catch (error) {
      return error as Error;
    }
  }

  it('passes targets that overlap nothing', async () => {
    expect(await refusal([group('a/{locale}.json'), group('b/{locale}.json')], ['a/en.json', 'b/en.json'])).toBeUndefined();
  });

  it("refuses another group's source, found now or matched by its pattern later", async () => {
    const now = await refusal([group('a/*.json', { target: 'b/{locale}.json' }), group('b/*.json', { target: 'c/{locale}.json' })], ['a/x.json', 'b/de.json']);
    expect(now?.name).toBe('ConfigError');
    expect(now?.message).toBe('files[0] ("a/*.json") writes "b/de.json", which is a source of files[1] ("b/*.json")');
    const later = await refusal([group('a/*.json', { target: 'b/{locale}.json' }), group('b/*.json', { target: 'c/{locale}.json' })], ['a/x.json']);
    expect(later?.message).toBe('files[0] ("a/*.json") writes "b/de.json", which is a source of files[1] ("b/*.json")');
  });

  it('refuses a target its own pattern matches', async () => {
    const error = await refusal([group('docs/**/*.json', { target: 'docs/{locale}/{path}' })], ['docs/a.json']);
    expect(error?.message).toBe('files[0] ("docs/**/*.json") writes "docs/de/a.json", which its own source pattern matches: give it a "target" outside "docs/**/*.json"');
  });

  it('refuses the config file, the glossary and the memory folder', async () => {
    expect((await refusal([group('a/*.json', { target: 'translate-locales.config.json' })], ['a/x.json']))?.message).toBe('files[0] ("a/*.json") writes "translate-locales.config.json", which is the config file');
    expect((await refusal([group('a/*.json', { target: '{locale}.json' })], ['a/x.json'], { glossary: 'de.json' }))?.message).toBe('files[0] ("a/*.json") writes "de.json", which is the glossary');
    expect((await refusal([group('a/*.json', { target: '.translate-locales/{locale}.json' })], ['a/x.json']))?.message).toBe(
      'files[0] ("a/*.json") writes ".translate-locales/de.json", which is inside the translation memory folder ".translate-locales"',
    );
  });
});
