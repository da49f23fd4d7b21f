import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ConfigError } from '../errors/config-error.ts';
import { detectProject, type Detection } from './detect-project.ts';
import { isLocaleCode } from './locale-code.ts';
import { proposeConfig } from './propose-config.ts';
import type { CliIo } from '../cli/cli-io.ts';

export interface InitOptions {
  /** Folder to look at; the config is written there. */
  readonly dir: string;
  readonly configName: string;
  readonly yes: boolean;
  readonly to?: readonly string[];
  readonly source?: string;
  readonly provider: 'qwen-mt' | 'pseudo';
  /** Where the proposal and messages go (questions are asked on this process's terminal). */
  readonly io: Pick<CliIo, 'stdin' | 'stdout' | 'stderr'>;
}

function describe(d: Detection): string {
  const lines = [`Layout: ${d.site ?? 'no docs framework found'}; source locale: ${d.sourceLocale ?? 'unknown'}`];
  if (d.existingLocales.length) lines.push(`Locales already present: ${d.existingLocales.join(', ')}`);
  for (const g of d.groups) lines.push(`  ${g.format.padEnd(8)} ${g.source}${g.target ? ` → ${g.target}` : ''}   (${g.why})`);
  return lines.join('\n');
}

async function ask(question: string, input: NodeJS.ReadableStream): Promise<string> {
  // Asked only on a terminal: this process's own.
  const rl = createInterface({ input, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/** `init`: proposes a config for the repository in `dir` and writes it; never overwrites one. Returns the exit code. */
export async function initCommand(options: InitOptions): Promise<number> {
  const { stdin, stdout, stderr } = options.io;
  const file = path.resolve(options.dir, options.configName);
  if (existsSync(file)) throw new ConfigError(`${file} exists already: init never overwrites a config (edit it, or delete it first)`);
  for (const l of [...(options.to ?? []), ...(options.source ? [options.source] : [])]) {
    if (!isLocaleCode(l)) throw new ConfigError(`"${l}" is not a locale code Qwen-MT supports`);
  }
  const detection = await detectProject(options.dir, { sourceLocale: options.source });
  stderr.write(describe(detection) + '\n');
  if (!detection.groups.length) throw new ConfigError('found no JSON locale files, Markdown docs or gettext catalogues to translate; write the config by hand (see the README)');
  if (!detection.sourceLocale) throw new ConfigError('cannot tell the source locale: pass --source en');
  const interactive = !options.yes && stdin.isTTY === true;
  let targets = options.to?.length ? [...options.to] : [...detection.existingLocales];
  if (!targets.length && interactive) {
    targets = (await ask('Target locales (comma-separated, e.g. de,ja,zh-Hans): ', stdin)).split(',').map((s) => s.trim()).filter(Boolean);
    for (const l of targets) if (!isLocaleCode(l)) throw new ConfigError(`"${l}" is not a locale code Qwen-MT supports`);
  }
  if (!targets.length) throw new ConfigError('no target locales found in the repository: pass --to de,ja');
  const config = proposeConfig(detection, { targetLocales: targets, provider: options.provider });
  const text = JSON.stringify(config, null, 2) + '\n';
  if (!options.yes) {
    stdout.write(text);
    if (!interactive) {
      stderr.write(`Nothing written: run again with --yes to write ${file}\n`);
      return 1;
    }
    if (!/^(y|yes|)$/i.test(await ask(`Write ${file}? [Y/n] `, stdin))) return 1;
  }
  // 'wx': a config that appeared meanwhile is not overwritten either.
  await writeFile(file, text, { flag: 'wx' });
  stderr.write(`Wrote ${file}. Next: translate-locales --dry-run, then translate-locales\n`);
  return 0;
}
