import { ConfigError } from '../config/config-error.ts';
import type { ResolvedConfig } from '../config/load-config.ts';

/** A provider that needs a key and has none is a config error (exit 2), before anything starts. */
export function requireApiKey(config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env, hint = 'or use --provider pseudo to try offline'): void {
  if (config.provider.name === 'qwen-mt' && !env.DASHSCOPE_API_KEY) {
    throw new ConfigError(`DASHSCOPE_API_KEY is not set: the qwen-mt provider needs it (${hint})`);
  }
}
