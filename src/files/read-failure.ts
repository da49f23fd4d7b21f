import { FormatError } from '../errors/format-error.ts';

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
  ENOENT: 'not found',
};

/**
 * Why reading a file failed, in a few words and without the absolute path Node puts in its messages;
 * `where` is the `:line:column` suffix for the file's name (as much as is known).
 */
export function readFailure(error: unknown): { readonly reason: string; readonly line?: number; readonly where: string } {
  if (error instanceof FormatError) {
    const where = error.line ? `:${error.line}${error.column ? `:${error.column}` : ''}` : '';
    return { reason: error.message, where, ...(error.line ? { line: error.line } : {}) };
  }
  const code = (error as NodeJS.ErrnoException).code;
  return { reason: (code && REASONS[code]) || (error as Error).message, where: '' };
}

/** True when the file is simply not there (as opposed to there but unreadable). */
export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}
