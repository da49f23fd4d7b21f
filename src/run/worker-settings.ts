import type { ResolvedConfig } from '../config/load-config.ts';
import { accountLimits, modelInfo } from '../config/models.ts';
import { createProvider } from '../providers/create-provider.ts';
import type { Provider } from '../providers/provider.ts';
import type { TranslateJobData } from '../queue/job-payloads.ts';
import { limiterScope } from '../queue/queue-names.ts';
import type { WorkerSettings } from '../queue/worker-options.ts';

type Settings = Pick<ResolvedConfig, 'provider' | 'baseUrl' | 'model' | 'rateLimit' | 'retry' | 'redis'>;

/** What a translate worker needs from the config: provider, limits and retries; never the files. */
export function workerSettings(config: Settings, env: NodeJS.ProcessEnv = process.env): WorkerSettings & { close(): Promise<void> } {
  const providers = new Map<string, Provider>();
  return {
    retry: config.retry,
    prefix: config.redis.prefix,
    providerFor(name) {
      let p = providers.get(name);
      if (!p) {
        p = createProvider(name, {
          baseUrl: config.baseUrl, region: config.provider.region, timeoutMs: config.provider.timeoutMs,
          stream: config.provider.stream, incrementalStream: config.model.incrementalStream,
        }, env);
        providers.set(name, p);
      }
      return p;
    },
    limitsFor(job: TranslateJobData) {
      if (job.provider === 'pseudo') return undefined;
      return { scope: limiterScope(config.baseUrl, job.model), ...accountLimits(modelInfo(job.model), config.provider.region, config.rateLimit) };
    },
    async close() {
      await Promise.all([...providers.values()].map((p) => p.close()));
    },
  };
}
