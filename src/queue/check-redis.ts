import { ConfigError } from '../errors/config-error.ts';
import { redactUrl, redisAt } from './redis-connection.ts';

/** Why a first connection failed: worth another try while Redis may still be starting, or not. */
function diagnose(error: unknown, url: string): { readonly message: string; readonly retry: boolean } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const detail = (error as Error | undefined)?.message ?? String(error);
  const where = redactUrl(url);
  if (/NOAUTH|WRONGPASS|invalid password/.test(detail)) return { message: `Redis at ${where} refused the credentials: ${detail}`, retry: false };
  if (/CERT|SELF_SIGNED|TLS|SSL|UNABLE_TO_VERIFY|HOSTNAME/.test(code)) {
    return { message: `cannot connect to Redis at ${where}: ${detail} (for a certificate from a private CA, set NODE_EXTRA_CA_CERTS to the CA file)`, retry: false };
  }
  const network = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOENT)$/.test(code);
  return { message: `cannot connect to Redis at ${where}: ${detail}`, retry: network };
}

/**
 * Connects once and pings before any queue is made, so a wrong URL, password or certificate is one
 * clear message. A Redis that is still starting gets `timeoutMs` to answer.
 */
export async function checkRedis(url: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const redis = redisAt(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: Math.max(500, deadline - Date.now()) });
    let lastError: unknown;
    redis.on('error', (error) => (lastError = error));
    try {
      await redis.connect();
      await redis.ping();
      return;
    } catch (error) {
      const { message, retry } = diagnose(lastError ?? error, url);
      if (!retry || Date.now() >= deadline) throw new ConfigError(message);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      redis.disconnect();
    }
  }
}
