import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatStatusTable } from '../src/cli/status-command.ts';
import type { ProjectStatus, StatusRow } from '../src/status/project-status.ts';
import { scratchProject } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { startTestRedis } from './helpers/test-redis.ts';

let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

const rowOf = (s: ProjectStatus, locale: string, group: string): StatusRow => s.rows.find((r) => r.locale === locale && r.group === group)!;

describe('translate-locales status', () => {
  it('counts translated, unreviewed, human, stale and missing per locale and file group, offline', async () => {
    const dir = await scratchProject();
    const config = path.join(dir, 'translate-locales.config.json');
    const status = async (): Promise<ProjectStatus> => {
      // No REDIS_URL, no key: status never needs either.
      const r = await runMain(['status', '--json', '--config', config]);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as ProjectStatus;
    };
    const fresh = await status();
    expect(rowOf(fresh, 'de', 'locales/{locale}/*.json')).toMatchObject({ files: 1, translated: 0, missing: 14, segments: 14 });

    expect((await runMain(['--config', config, '--to', 'de'], { env: { REDIS_URL: redis.url } })).code).toBe(0);
    const done = await status();
    const json = rowOf(done, 'de', 'locales/{locale}/*.json');
    expect(json).toMatchObject({ translated: 14, unreviewed: 14, human: 0, stale: 0, missing: 0 });
    const po = rowOf(done, 'de', 'po/messages.pot');
    expect(po.translated).toBe(po.segments);
    // Machine output in a PO catalogue is fuzzy until reviewed: every entry but the header.
    const catalogue = await readFile(path.join(dir, 'po/de.po'), 'utf8');
    const header = catalogue.slice(0, catalogue.indexOf('msgid ""'));
    expect(header).not.toMatch(/^#,.*\bfuzzy\b/m);
    const fuzzy = catalogue.match(/^#,.*\bfuzzy\b/gm)?.length ?? 0;
    expect(fuzzy).toBeGreaterThan(5);
    expect(po.unreviewed).toBe(fuzzy);
    expect(rowOf(done, 'ja', 'locales/{locale}/*.json')).toMatchObject({ translated: 0, missing: 13 });

    // A person edits one German string; the source of another changes.
    const de = path.join(dir, 'locales/de/common.json');
    const target = JSON.parse(await readFile(de, 'utf8')) as Record<string, Record<string, string>>;
    const [section, key] = [Object.keys(target)[0], Object.keys(Object.values(target)[0])[0]];
    target[section][key] = 'Von Hand geschrieben';
    await writeFile(de, JSON.stringify(target, null, 2) + '\n');
    const en = path.join(dir, 'locales/en/common.json');
    const source = JSON.parse(await readFile(en, 'utf8')) as Record<string, Record<string, string>>;
    const other = Object.keys(source[section])[1];
    source[section][other] += ' (changed)';
    await writeFile(en, JSON.stringify(source, null, 2) + '\n');
    const edited = rowOf(await status(), 'de', 'locales/{locale}/*.json');
    expect(edited).toMatchObject({ segments: 14, human: 1, stale: 1, translated: 13, unreviewed: 12, missing: 0 });
  });

  it('prints a table with one line per locale and group', () => {
    const table = formatStatusTable([
      { locale: 'de', group: 'docs/**/*.md', files: 2, segments: 200, translated: 150, unreviewed: 10, human: 5, stale: 3, missing: 47 },
      { locale: 'ja', group: 'locales/{locale}.json', files: 1, segments: 0, translated: 0, unreviewed: 0, human: 0, stale: 0, missing: 0 },
    ]);
    expect(table.split('\n')).toEqual([
      'locale  files  segments  translated  unreviewed  human  stale  missing  group',
      'de          2       200      75.0 %          10      5      3       47  docs/**/*.md',
      'ja          1         0           —           0      0      0        0  locales/{locale}.json',
    ]);
  });
});
