import path from 'node:path';
import { isInside, ProjectPath } from '../files/project-path.ts';
import { MemoryStore } from '../memory/memory-store.ts';
import { ConfigError } from '../errors/config-error.ts';
import { isLocaleCode } from './locales.ts';
import type { Config } from './schema.ts';

// Configs arrive in pull requests: these refuse what would let one write outside the project or leak the API key.

/** Locale codes become file names: each must be BCP-47 (or a Qwen-MT name) before anything else looks at it. */
export function refuseBadLocales(configPath: string, config: Config, to: readonly string[] | undefined): void {
  const check = (code: string, where: string) => {
    if (!isLocaleCode(code)) throw new ConfigError(`${where}: "${code}" is not a BCP-47 locale code (like de, pt-BR, zh-Hant)`);
  };
  check(config.sourceLocale, `${configPath}: sourceLocale`);
  config.targetLocales.forEach((code, i) => check(code, `${configPath}: targetLocales[${i}]`));
  for (const code of to ?? []) check(code, '--to');
}

const absolute = (p: string) => path.posix.isAbsolute(p) || path.win32.isAbsolute(p);

/** Every path in a config is relative to its folder and stays inside it. */
export function refuseOutsidePaths(configPath: string, config: Config): void {
  config.files.forEach((group, i) => {
    for (const key of ['source', 'target'] as const) {
      const value = group[key];
      if (value !== undefined && absolute(value)) {
        throw new ConfigError(`${configPath}: files[${i}].${key} "${value}" is an absolute path; paths are relative to the config file's folder and stay inside it`);
      }
    }
  });
  const root = path.dirname(configPath);
  const named: [string, string | undefined][] = [['memory.dir', config.memory.dir], ['glossary', config.glossary]];
  for (const [key, value] of named) {
    if (value !== undefined && (absolute(value) || !isInside(root, path.resolve(root, value)))) {
      throw new ConfigError(`${configPath}: ${key} "${value}" is outside the project folder (${root})`);
    }
  }
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** The API key goes to `baseUrl` in a header: never in clear to another machine unless the config says so. */
export function refuseInsecureBaseUrl(configPath: string, baseUrl: string, allowInsecure: boolean): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigError(`${configPath}: provider base URL is not a valid URL`);
  }
  if (url.protocol === 'https:') return;
  if (url.protocol !== 'http:') throw new ConfigError(`${configPath}: provider base URL must be https (got ${url.protocol})`);
  if (LOOPBACK.test(url.hostname) || allowInsecure) return;
  throw new ConfigError(
    `${configPath}: provider base URL ${url.origin} is plain http to another machine: the API key would travel in clear. Use https, or set "provider": {"allowInsecure": true} if the network is trusted`,
  );
}

/**
 * The memory is appended to (which follows symbolic links) and the glossary is read and sent: a link
 * committed in their place (`.translate-locales/memory/de.jsonl -> ~/.bashrc`) must not lead out of the project.
 */
export async function refuseLinkedFiles(root: string, memoryDir: string, locales: readonly string[], glossary: string | undefined): Promise<void> {
  const project = await ProjectPath.of(root);
  for (const file of [memoryDir, ...locales.map((l) => path.join(memoryDir, MemoryStore.fileName(l)))]) {
    const escape = await project.escape(file);
    if (escape) throw new ConfigError(`memory.dir: ${escape}; refusing to write the translation memory there`);
  }
  const escape = glossary === undefined ? undefined : await project.escape(glossary);
  if (escape) throw new ConfigError(`glossary: ${escape}; refusing to read it`);
}
