import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatStatusTable } from '../src/cli/status-command.ts';
import type { ProjectStatus, StatusRow } from '../src/status/project-status.ts';
import { scratchProject } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { scratchFiles } from './helpers/scratch-files.ts';
import { startTestRedis } from './helpers/test-redis.ts';

let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

const rowOf = (s: ProjectStatus, locale: string, group: string): StatusRow => s.rows.find((r) => r.locale === locale && r.group === group)!;

/** Django's template and its team's Russian catalogue (4 entries and 2 plural entries of 4 forms translated by people), PO into ru. */
async function djangoProject(prefix: string): Promise<{ dir: string; config: string }> {
  const django = path.join(import.meta.dirname, 'fixtures/po/django');
  const dir = await scratchFiles({
    'locale/django.pot': await readFile(path.join(django, 'en.po'), 'utf8'),
    'locale/ru.po': await readFile(path.join(django, 'ru.po'), 'utf8'),
    'translate-locales.config.json': JSON.stringify({ sourceLocale: 'en', targetLocales: ['ru'], files: [{ format: 'po', source: 'locale/django.pot', target: 'locale/{locale}.po' }], provider: { name: 'pseudo' } }),
  }, prefix);
  return { dir, config: path.join(dir, 'translate-locales.config.json') };
}

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

  it("counts a PO catalogue's own translations (a person's, or reviewed) as human, in segments and translated", async () => {
    const { dir, config } = await djangoProject('tl-status-po-');
    const status = async (): Promise<StatusRow> => {
      const r = await runMain(['status', '--json', '--config', config]);
      expect(r.code).toBe(0);
      return rowOf(JSON.parse(r.stdout) as ProjectStatus, 'ru', 'locale/django.pot');
    };
    // 9 singular entries and 3 plural ones of 4 forms: 21 segments, 12 of them the team's.
    expect(await status()).toMatchObject({ segments: 21, human: 12, unreviewed: 0 });
    expect((await runMain(['--config', config], { env: { REDIS_URL: redis.url } })).code).toBe(0);
    const done = await status();
    expect(done).toMatchObject({ segments: 21, human: 12, translated: 21, missing: 0 });
    // A reviewer accepts one machine entry (removes its fuzzy flag): a person's from then on.
    const file = path.join(dir, 'locale/ru.po');
    const text = await readFile(file, 'utf8');
    const reviewed = text.replace(/#, fuzzy\n(msgid "Recently added")/, '$1');
    expect(reviewed).not.toBe(text);
    await writeFile(file, reviewed);
    expect(await status()).toMatchObject({ segments: 21, human: 13, translated: 21, unreviewed: done.unreviewed - 1 });
  });

  it('counts an entry with nothing to translate (`%(name)s`, `…`) as missing until a run has written it, then as translated', async () => {
    // The team's catalogue leaves the template's three such entries empty.
    const { dir, config } = await djangoProject('tl-status-copied-');
    const status = async (): Promise<StatusRow> => rowOf(JSON.parse((await runMain(['status', '--json', '--config', config])).stdout) as ProjectStatus, 'ru', 'locale/django.pot');
    // 21 segments: 12 the team's, 6 to translate, 3 to copy; none of the 9 is in the catalogue yet.
    expect(await status()).toMatchObject({ segments: 21, human: 12, translated: 12, missing: 9 });
    const r = await runMain(['--config', config, '--report', path.join(dir, 'report.json')], { env: { REDIS_URL: redis.url } });
    expect(r.code).toBe(0);
    expect((JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as { totals: { copied: number } }).totals.copied).toBe(3);
    // Written now: translated; and not machine text awaiting review (a copy gets no fuzzy flag: only the translated entries have one).
    const file = path.join(dir, 'locale/ru.po');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('msgid "…"\nmsgstr "…"\n');
    expect(await status()).toMatchObject({ segments: 21, human: 12, translated: 21, missing: 0, unreviewed: text.match(/^#,.*\bfuzzy\b/gm)!.length });
    // A copy a person empties again is missing again.
    const emptied = text.replace('msgid "…"\nmsgstr "…"\n', 'msgid "…"\nmsgstr ""\n');
    expect(emptied).not.toBe(text);
    await writeFile(file, emptied);
    expect(await status()).toMatchObject({ translated: 20, missing: 1 });
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
