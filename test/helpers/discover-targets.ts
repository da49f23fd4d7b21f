import type { FileGroup } from '../../src/config/schema.ts';
import { discover, type DiscoverOptions } from '../../src/files/discover.ts';
import { scratchFiles } from './scratch-files.ts';

/** A file group as a config would have it (JSON unless said otherwise). */
export const group = (source: string, more: Partial<FileGroup> = {}): FileGroup => ({ format: 'json', source, ...more });

/** Discovery on a scratch project of the given (nearly empty) files: each pair as `locale: source → target`, and each error as `source: message`. */
export async function targets(files: readonly string[], groups: FileGroup[], locales: string[], options: DiscoverOptions & { sourceLocale?: string } = {}) {
  const root = await scratchFiles(Object.fromEntries(files.map((f) => [f, f.endsWith('.po') ? '' : '{}'])), 'tl-targets-');
  const found = await discover(root, groups, options.sourceLocale ?? 'en', locales, options);
  return { root, pairs: found.pairs.map((p) => `${p.locale}: ${p.source} → ${p.target}`), errors: found.errors.map((e) => `${e.source}: ${e.message}`), found };
}
