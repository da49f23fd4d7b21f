import type { FormatName } from '../config/schema.ts';
import type { Format } from './format.ts';

// Loaded on first use: a project of JSON files never loads the Markdown parser, and `--help` none.
const LOADERS: Record<FormatName, () => Promise<Format<never>>> = {
  json: async () => (await import('./json/json-format.ts')).jsonFormat as Format<never>,
  markdown: async () => (await import('./markdown/markdown-format.ts')).markdownFormat as Format<never>,
  po: async () => (await import('./po/po-format.ts')).poFormat as Format<never>,
};

/** The format registered under `name`; the pipeline handles every format through this interface. */
export async function loadFormat(name: FormatName): Promise<Format<unknown>> {
  return (await LOADERS[name]()) as unknown as Format<unknown>;
}
