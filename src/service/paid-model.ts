import type { ResolvedConfig } from '../config/load-config.ts';
import type { ModelInfo } from '../config/models.ts';

/** The model whose list price a run's tokens cost; none for the free pseudo provider. */
export function paidModel(config: ResolvedConfig): ModelInfo | undefined {
  return config.provider.name === 'pseudo' ? undefined : config.model;
}
