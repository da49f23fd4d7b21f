import type { FormatDescriptor } from '../format-descriptor.ts';
import { markdownOptionsSchema } from './markdown-options.ts';

/** Markdown and MDX (CommonMark, GFM, front matter): paragraphs with their inline syntax as tokens. */
export const markdown: FormatDescriptor = {
  name: 'markdown',
  extensions: ['md', 'mdx'],
  optionsSchema: markdownOptionsSchema,
  segmentCheck: async () => (await import('./segment-check.ts')).markdownSegmentCheck,
  load: async () => (await import('./markdown-format.ts')).markdownFormat,
};
