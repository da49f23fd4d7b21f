import { ConfigError } from '../errors/config-error.ts';
import type { ResolvedConfig } from '../config/load-config.ts';
import { BASE_URLS } from '../config/models.ts';

const strip = (url: string) => url.replace(/\/+$/, '');

/**
 * A repository's config arrives through pull requests: it may not send the service's API key to
 * a host of its choosing. Only Alibaba's endpoints, or the one the service itself is given in
 * DASHSCOPE_BASE_URL, are used.
 */
export function assertTrustedEndpoint(config: Pick<ResolvedConfig, 'baseUrl' | 'configPath'>, env: NodeJS.ProcessEnv): void {
  const allowed = new Set([...Object.values(BASE_URLS), env.DASHSCOPE_BASE_URL ?? ''].filter(Boolean).map(strip));
  if (allowed.has(strip(config.baseUrl))) return;
  throw new ConfigError(`${config.configPath}: provider.baseUrl ${config.baseUrl} is not one the service trusts with its API key (Alibaba's endpoints or DASHSCOPE_BASE_URL)`);
}
