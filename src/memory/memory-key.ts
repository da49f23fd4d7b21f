import { contentHash } from '../segments/hash.ts';

/** Everything that changes a translation besides the text. */
export interface TranslationContext {
  readonly model: string;
  readonly sourceLang: string;
  readonly targetLang: string;
  readonly domains?: string;
  readonly glossaryVersion?: string;
}

/** The memory key of one protected source text in one context: equal keys share one translation. */
export function memoryKey(ctx: TranslationContext, text: string, unitContext = ''): string {
  return contentHash('v1', ctx.model, ctx.sourceLang, ctx.targetLang, ctx.domains ?? '', ctx.glossaryVersion ?? '', unitContext, text);
}
