import { apiKeyFor } from './api-key.ts';
import type { Provider } from './provider.ts';
import { PseudoProvider } from './pseudo-provider.ts';
import { QwenMtProvider } from './qwen-mt-provider.ts';

export interface ProviderSettings {
  readonly baseUrl: string;
  readonly region: string;
  readonly timeoutMs: number;
  readonly stream: boolean;
  readonly incrementalStream: boolean;
}

/** Builds a provider by name; the API key comes only from the environment. */
export function createProvider(name: 'qwen-mt' | 'pseudo', settings: ProviderSettings, env: NodeJS.ProcessEnv = process.env): Provider {
  if (name === 'pseudo') return new PseudoProvider();
  return new QwenMtProvider({ ...settings, apiKey: apiKeyFor(name, env) });
}
