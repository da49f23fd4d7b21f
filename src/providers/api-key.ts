import { ConfigError } from '../errors/config-error.ts';

export const OFFLINE_HINT = 'or use --provider pseudo to try offline';

/**
 * The provider's API key, from the environment only; undefined for a provider that needs none.
 * A provider that needs a key and has none is a config error (exit 2).
 */
export function apiKeyFor(provider: 'qwen-mt', env?: NodeJS.ProcessEnv, hint?: string): string;
export function apiKeyFor(provider: 'qwen-mt' | 'pseudo', env?: NodeJS.ProcessEnv, hint?: string): string | undefined;
export function apiKeyFor(provider: 'qwen-mt' | 'pseudo', env: NodeJS.ProcessEnv = process.env, hint = OFFLINE_HINT): string | undefined {
  if (provider !== 'qwen-mt') return undefined;
  const key = env.DASHSCOPE_API_KEY;
  if (!key) throw new ConfigError(`DASHSCOPE_API_KEY is not set: the qwen-mt provider needs it (${hint})`);
  return key;
}
