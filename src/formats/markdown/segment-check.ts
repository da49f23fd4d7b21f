import type { SegmentCheck } from '../format-descriptor.ts';
import { MAX_NESTING } from '../parse-budget.ts';
import { escapeAddedSyntax } from './escape-text.ts';
import { nestingDepth } from './nesting-depth.ts';
import { checkMarkdownInline } from './skeleton.ts';

/** A paragraph's inline Markdown: the same syntax as its source's; text that would read as syntax escaped first. */
export const markdownSegmentCheck: SegmentCheck = {
  // The nesting scan first: a reply of thousands of list markers would keep the parser busy for minutes.
  check(source, translation, tokens) {
    const { depth } = nestingDepth(translation);
    return depth > MAX_NESTING ? `the reply nests about ${depth} Markdown levels deep` : checkMarkdownInline(source, translation, tokens);
  },
  settle: escapeAddedSyntax,
};
