import { apiKeyFor, OFFLINE_HINT } from '../providers/api-key.ts';

/** The key check before a run starts, so nothing is queued or planned without a key (exit 2). */
export function requireApiKey(config: { readonly provider: { readonly name: 'qwen-mt' | 'pseudo' } }, env: NodeJS.ProcessEnv = process.env, hint = OFFLINE_HINT): void {
  apiKeyFor(config.provider.name, env, hint);
}
