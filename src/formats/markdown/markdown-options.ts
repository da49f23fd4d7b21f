import { z } from 'zod';
import { DEFAULT_FRONT_MATTER_KEYS } from './front-matter-keys.ts';

/** The config's `markdown`: docs-site conventions. */
export const markdownOptionsSchema = z
  .object({
    /** Front-matter key paths whose values are translated (`title`, `hero.tagline`, `features[].details`). */
    frontMatterKeys: z.array(z.string().regex(/^[\w-]+(?:\[\])?(?:\.[\w-]+(?:\[\])?)*$/, 'a key path such as title, hero.tagline or features[].details')).min(1).default([...DEFAULT_FRONT_MATTER_KEYS]),
    /** `attribute`: translated headings keep their source's anchor as `{#slug}` (Docusaurus, VitePress); `none`: plain GitHub Markdown. */
    headingIds: z.enum(['none', 'attribute']).default('none'),
    /** How the site makes a heading's anchor: `github` (github-slugger: GitHub, Docusaurus) or `vitepress` (VitePress's own). */
    slugify: z.enum(['github', 'vitepress']).default('github'),
  })
  .strict()
  .default({});

/** The settings as the format reads them (the schema's output, read-only). */
export interface MarkdownOptions {
  readonly frontMatterKeys: readonly string[];
  readonly headingIds: z.output<typeof markdownOptionsSchema>['headingIds'];
  readonly slugify?: z.output<typeof markdownOptionsSchema>['slugify'];
}
