import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-root.ts';

let version: string | undefined;

/** This package's version, read from its package.json once per process: what `--version` and generated files say. */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(packageRoot(import.meta.url), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
