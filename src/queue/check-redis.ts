import { Redis } from 'ioredis';
import { ConfigError } from '../config/config-error.ts';
import { connectionProblem, redactUrl } from './redis-connection.ts';

/**
 * Connects once and pings before any queue is made, so a wrong URL, password or certificate is one
 * clear message. A Redis that is still starting gets `timeoutMs` to answer.
 */
export async function checkRedis(url: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const path = url.startsWith('unix://') ? url.slice('unix://'.length) : url.startsWith('/') ? url : undefined;
    const options = { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: Math.max(500, deadline - Date.now()) };
    const redis = path ? new Redis({ ...options, path }) : new Redis(url, options);
    let lastError: unknown;
    redis.on('error', (error) => (lastError = error));
    try {
      await redis.connect();
      await redis.ping();
      return;
    } catch (error) {
      const cause = lastError ?? error;
      const message = (cause as Error).message ?? String(cause);
      if (/NOAUTH|WRONGPASS|invalid password|AUTH/.test(message)) throw new ConfigError(`Redis at ${redactUrl(url)} refused the credentials: ${message}`);
      const problem = connectionProblem(cause, url);
      const transient = problem && !/certificate|NODE_EXTRA_CA_CERTS/.test(problem);
      if (!transient || Date.now() >= deadline) throw new ConfigError(problem ?? `cannot connect to Redis at ${redactUrl(url)}: ${message}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      redis.disconnect();
    }
  }
}
