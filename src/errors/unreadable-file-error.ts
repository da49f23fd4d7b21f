/** A file that exists but cannot be read as text (permissions, a folder, bytes not in its charset). */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ''}: cannot be read: ${reason}`);
  }
}
