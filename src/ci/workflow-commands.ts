import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';

// Escaping as GitHub's runner reads workflow commands (actions/toolkit, command.ts).
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface AnnotationPlace {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** `::error file=…,line=…::message`: shown on the file's line in the pull request. */
export function annotation(level: 'error' | 'warning' | 'notice', message: string, place: AnnotationPlace = {}): string {
  const props = [
    place.file ? `file=${escapeProperty(place.file)}` : '',
    place.file && place.line ? `line=${place.line}` : '',
    place.file && place.line && place.column ? `col=${place.column}` : '',
  ].filter(Boolean).join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** Step outputs in GITHUB_OUTPUT's multi-line form, with a delimiter no value can contain. */
export async function writeOutputs(file: string | undefined, outputs: Record<string, string>): Promise<void> {
  if (!file) return;
  let text = '';
  for (const [name, value] of Object.entries(outputs)) {
    const delimiter = `ghadelimiter_${randomUUID()}`;
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  await appendFile(file, text);
}

/** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY). */
export async function appendSummary(file: string | undefined, markdown: string): Promise<void> {
  if (file) await appendFile(file, markdown.endsWith('\n') ? markdown : markdown + '\n');
}
