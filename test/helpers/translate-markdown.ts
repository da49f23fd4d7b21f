import type { TargetContext } from '../../src/formats/format.ts';
import { markdownFormat } from '../../src/formats/markdown/markdown-format.ts';
import type { MarkdownOptions } from '../../src/formats/markdown/markdown-options.ts';
import { checkSegment, loadSegmentChecks, settleSegment } from '../../src/segments/check-segment.ts';
import { restore } from '../../src/segments/placeholders.ts';
import { targetContext } from './target-context.ts';

// As a worker does before its first job.
await loadSegmentChecks();

export interface MarkdownTranslation {
  readonly out: string;
  /** Why the rendered document would not be written, or null. */
  readonly problem: string | null;
  /** Each segment's text as sent. */
  readonly sent: string[];
  /** Segments whose translation failed its check, with the reason. */
  readonly refused: string[];
}

/** A Markdown document through units, a translation function, the worker's repairs and checks, render and verify. */
export function translateMarkdown(text: string, fn: (s: string) => string, file = 'doc.md', target: TargetContext<MarkdownOptions> = targetContext('de')): MarkdownTranslation {
  const doc = markdownFormat.parse({ path: file, text });
  const units = markdownFormat.units(doc, target);
  const map = new Map<string, string>();
  const refused: string[] = [];
  for (const u of units) {
    // As the worker does: repaired by the format, then checked.
    const t = settleSegment(u.protected.text, fn(u.protected.text), u.check, u.protected.tokens);
    const problem = checkSegment(u.protected.text, t, u.check, u.protected.tokens);
    if (problem === null) map.set(u.id, restore(u.protected, t));
    else refused.push(`${u.id}: ${problem}`);
  }
  const out = markdownFormat.render(doc, target, (u) => map.get(u.id));
  return { out, problem: markdownFormat.verify!(doc, out, target), sent: units.map((u) => u.protected.text), refused };
}
