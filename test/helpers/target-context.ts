import type { TargetContext } from '../../src/formats/format.ts';
import { markdownOptionsSchema, type MarkdownOptions } from '../../src/formats/markdown/markdown-options.ts';
import { poOptionsSchema, type PoOptions } from '../../src/formats/po/po-options.ts';

type Options = PoOptions & MarkdownOptions;

/** The config's defaults of every format with settings: each format reads only its own. */
const DEFAULTS: Options = { ...poOptionsSchema.parse(undefined), ...markdownOptionsSchema.parse(undefined) };

/** A target context as the pipeline builds it, for format unit tests; `options` are merged into the formats' defaults. */
export function targetContext(locale: string, extra: Omit<Partial<TargetContext>, 'options'> & { options?: Partial<Options> } = {}): TargetContext<Options> {
  return { locale, language: locale, sourceLocale: 'en', machine: 'qwen-mt-flash', ...extra, options: { ...DEFAULTS, ...extra.options } };
}
