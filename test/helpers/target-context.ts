import type { TargetContext } from '../../src/formats/format.ts';

/** A target context as the pipeline builds it, for format unit tests. */
export function targetContext(locale: string, extra: Partial<TargetContext> = {}): TargetContext {
  return { locale, language: locale, sourceLocale: 'en', machine: 'qwen-mt-flash', options: { po: { markFuzzy: true, retranslateFuzzy: false, failOnFuzzy: false } }, ...extra };
}
