import type { CheckFinding } from '../pipeline/check-project.ts';
import { MarkdownBudget } from './markdown-budget.ts';
import { cell, code, count, table } from './markdown-text.ts';
import { JOB_SUMMARY_MAX_BYTES } from './report-markdown.ts';
import { plural } from '../util/plural.ts';

const KINDS: readonly CheckFinding['kind'][] = ['missing', 'stale', 'invalid', 'conflict', 'outdated'];

/** The offline check's findings as a job summary: counts by kind, then each finding with its place. */
export function checkMarkdown(findings: readonly CheckFinding[], options: { title?: string; maxBytes?: number; hint?: string } = {}): string {
  const budget = new MarkdownBudget(options.maxBytes ?? JOB_SUMMARY_MAX_BYTES, options.hint);
  const heading = `## ${options.title ?? 'translate-locales check'}`;
  if (!findings.length) {
    budget.add([heading, '', '✅ All targets are current.']);
    return budget.finish();
  }
  budget.add([
    heading,
    '',
    `❌ ${count(findings.length)} ${plural(findings.length, 'problem')}`,
    '',
    ...table(['Kind', 'Count'], KINDS.filter((k) => findings.some((f) => f.kind === k)).map((k) => [cell(k), count(findings.filter((f) => f.kind === k).length)])),
  ]);
  budget.list(
    '### Findings',
    findings.map((f) => `- **${f.kind}** ${f.file ? `${code(f.line ? `${f.file}:${f.line}` : f.file)}: ` : ''}${code(f.message)}`),
    'finding',
  );
  return budget.finish();
}
