import type { Detection } from './detect-project.ts';

export interface ProposeOptions {
  readonly targetLocales: readonly string[];
  readonly provider: 'qwen-mt' | 'pseudo';
}

/** The config `init` writes for a detected layout: only what differs from the defaults. */
export function proposeConfig(detection: Detection, options: ProposeOptions): Record<string, unknown> {
  return {
    sourceLocale: detection.sourceLocale,
    targetLocales: [...options.targetLocales],
    files: detection.groups.map((g) => ({
      format: g.format,
      source: g.source,
      ...(g.target ? { target: g.target } : {}),
      ...(g.exclude?.length ? { exclude: [...g.exclude] } : {}),
    })),
    ...detection.formatOptions,
    provider: { name: options.provider, model: 'qwen-mt-flash' },
  };
}
