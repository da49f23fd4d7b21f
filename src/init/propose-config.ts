import type { Detection, SiteKind } from './detect-project.ts';

export interface ProposeOptions {
  readonly targetLocales: readonly string[];
  readonly provider: 'qwen-mt' | 'pseudo';
}

// Sites that read `## Title {#slug}`: translated headings keep their source's anchors, so `#slug` links keep working.
const HEADING_ID_SITES: ReadonlySet<SiteKind> = new Set(['docusaurus', 'vitepress']);

/** The config `init` writes for a detected layout: only what differs from the defaults. */
export function proposeConfig(detection: Detection, options: ProposeOptions): Record<string, unknown> {
  const markdown = detection.site && HEADING_ID_SITES.has(detection.site) && detection.groups.some((g) => g.format === 'markdown');
  return {
    sourceLocale: detection.sourceLocale,
    targetLocales: [...options.targetLocales],
    files: detection.groups.map((g) => ({
      format: g.format,
      source: g.source,
      ...(g.target ? { target: g.target } : {}),
      ...(g.exclude?.length ? { exclude: [...g.exclude] } : {}),
    })),
    ...(markdown ? { markdown: { headingIds: 'attribute' } } : {}),
    provider: { name: options.provider, model: 'qwen-mt-flash' },
  };
}
