import path from 'node:path';
import { ConfigError } from '../errors/config-error.ts';
import type { FileGroup } from '../config/schema.ts';
import type { FilePair } from './discover.ts';
import { isInside } from './project-path.ts';

/** What a run must never write over besides other groups' sources. */
export interface ProtectedFiles {
  readonly root: string;
  readonly configPath: string;
  readonly memoryDir: string;
  readonly glossary?: string;
}

/**
 * Refuses a config whose targets would overwrite a source (of any group, found now or matched by its
 * pattern later), the config file, the glossary or the translation memory. Each is a silent loss
 * of someone's work, so the whole config is refused (exit 2), naming both parties.
 */
export function refuseOverlaps(groups: readonly FileGroup[], isSource: readonly ((file: string) => boolean)[], pairs: readonly FilePair[], files: ProtectedFiles): void {
  const label = (i: number) => `files[${i}] ("${groups[i].source}")`;
  const sourceOf = new Map(pairs.map((p) => [p.source, p.group]));
  const others: [string, string][] = [[files.configPath, 'the config file']];
  if (files.glossary) others.push([path.resolve(files.root, files.glossary), 'the glossary']);
  const memory = path.resolve(files.root, files.memoryDir);
  for (const pair of pairs) {
    // A catalogue filled in place is its own target by design.
    if (pair.target === pair.source) continue;
    const target = path.resolve(files.root, pair.target);
    const writes = `${label(pair.group)} writes "${pair.target}"`;
    for (const [file, what] of others) if (target === file) throw new ConfigError(`${writes}, which is ${what}`);
    if (isInside(memory, target)) throw new ConfigError(`${writes}, which is inside the translation memory folder "${files.memoryDir}"`);
    const owner = sourceOf.get(pair.target) ?? isSource.findIndex((is) => is(pair.target));
    if (owner === pair.group) throw new ConfigError(`${writes}, which its own source pattern matches: give it a "target" outside "${groups[owner].source}"`);
    if (owner >= 0) throw new ConfigError(`${writes}, which is a source of ${label(owner)}`);
  }
}
