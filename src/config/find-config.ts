import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const CONFIG_FILE = 'translate-locales.config.json';
/** The key under which a package.json may hold the config. */
export const PACKAGE_KEY = 'translate-locales';

async function packageHasConfig(file: string): Promise<boolean> {
  try {
    const pkg = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return typeof pkg === 'object' && pkg !== null && Object.hasOwn(pkg, PACKAGE_KEY);
  } catch {
    return false;
  }
}

/**
 * The config for a command run in `from`: `translate-locales.config.json` or a package.json with a
 * `"translate-locales"` key, in `from` or the nearest folder above it (as git and eslint look).
 * The search stops at a repository's top (a folder with `.git`).
 */
export async function findConfig(from: string): Promise<string | undefined> {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, CONFIG_FILE);
    if (existsSync(file)) return file;
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (await packageHasConfig(pkg))) return pkg;
    if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined;
  }
}
