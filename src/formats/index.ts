import type { FormatName } from '../config/schema.ts';
import type { Format } from './format.ts';
import { jsonFormat } from './json/json-format.ts';
import { markdownFormat } from './markdown/markdown-format.ts';
import { poFormat } from './po/po-format.ts';

const FORMATS: Record<FormatName, Format<never>> = {
  json: jsonFormat as Format<never>,
  markdown: markdownFormat as Format<never>,
  po: poFormat as Format<never>,
};

/** The format registered under `name`; the pipeline handles every format through this interface. */
export function formatFor(name: FormatName): Format<unknown> {
  return FORMATS[name] as unknown as Format<unknown>;
}
