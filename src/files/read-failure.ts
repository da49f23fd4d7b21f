import { FormatError } from '../formats/format-error.ts';

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
  ENOENT: 'not found',
};

/** Why reading a file failed, in a few words and without the absolute path Node puts in its messages. */
export function readFailure(error: unknown): { readonly reason: string; readonly line?: number } {
  if (error instanceof FormatError) return { reason: error.message, ...(error.line ? { line: error.line } : {}) };
  const code = (error as NodeJS.ErrnoException).code;
  return { reason: (code && REASONS[code]) || (error as Error).message };
}

/** True when the file is simply not there (as opposed to there but unreadable). */
export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}
