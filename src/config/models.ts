/** What each Qwen-MT model allows, from the rate-limit and model pages (see README, "Limits"). */
export interface ModelInfo {
  readonly name: string;
  readonly liteLanguagesOnly: boolean;
  /** Whether streamed chunks carry only new text (flash, lite) or the whole text so far (plus, turbo). */
  readonly incrementalStream: boolean;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  /** Default per-account limits by region; the lowest published figure where regions differ. */
  readonly rpm: number;
  readonly tpm: Readonly<Record<Region, number>>;
  /** USD per million tokens, list price as of 2026-01 (Singapore); see README for the sources. */
  readonly priceIn: number;
  readonly priceOut: number;
}

export type Region = 'cn' | 'intl' | 'us';

export const BASE_URLS: Readonly<Record<Region, string>> = {
  cn: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
  intl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  us: 'https://dashscope-us.aliyuncs.com/compatible-mode/v1',
};

/** Date the price and limit table was checked. */
export const PRICE_TABLE_DATE = '2026-01-29';

export const MODELS: Readonly<Record<string, ModelInfo>> = {
  'qwen-mt-plus': { name: 'qwen-mt-plus', liteLanguagesOnly: false, incrementalStream: false, maxInputTokens: 8192, maxOutputTokens: 8192, rpm: 60, tpm: { cn: 25000, us: 25000, intl: 100000 }, priceIn: 2.46, priceOut: 7.37 },
  'qwen-mt-flash': { name: 'qwen-mt-flash', liteLanguagesOnly: false, incrementalStream: true, maxInputTokens: 8192, maxOutputTokens: 8192, rpm: 60, tpm: { cn: 35000, us: 35000, intl: 100000 }, priceIn: 0.16, priceOut: 0.49 },
  'qwen-mt-lite': { name: 'qwen-mt-lite', liteLanguagesOnly: true, incrementalStream: true, maxInputTokens: 8192, maxOutputTokens: 8192, rpm: 60, tpm: { cn: 100000, us: 100000, intl: 100000 }, priceIn: 0.12, priceOut: 0.36 },
  'qwen-mt-turbo': { name: 'qwen-mt-turbo', liteLanguagesOnly: false, incrementalStream: false, maxInputTokens: 8192, maxOutputTokens: 8192, rpm: 60, tpm: { cn: 35000, us: 35000, intl: 100000 }, priceIn: 0.16, priceOut: 0.49 },
};

export const DEFAULT_MODEL = 'qwen-mt-flash';

/** Limits for a model name we do not know (a newer model): the most conservative published ones. */
export function modelInfo(name: string): ModelInfo {
  return MODELS[name] ?? { ...MODELS['qwen-mt-plus'], name, liteLanguagesOnly: false };
}

/** Requests and tokens per minute the account allows for a model: the config's `rateLimit` where set, else the model's published default for the region. */
export function accountLimits(model: ModelInfo, region: Region, rateLimit: { readonly rpm?: number; readonly tpm?: number }): { rpm: number; tpm: number } {
  return { rpm: rateLimit.rpm ?? model.rpm, tpm: rateLimit.tpm ?? model.tpm[region] };
}

/** The model whose list price a run pays; none for the pseudo provider, which is free. The one place that says so. */
export function paidModel(config: { readonly provider: { readonly name: string }; readonly model: ModelInfo }): ModelInfo | undefined {
  return config.provider.name === 'pseudo' ? undefined : config.model;
}

/** What translates, as estimates, reports and PO comments name it: the paid model, else `pseudo`. */
export function machineName(model: ModelInfo | undefined): string {
  return model?.name ?? 'pseudo';
}
