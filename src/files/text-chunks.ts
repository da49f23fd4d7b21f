/** Characters per chunk: large files are encoded a piece at a time instead of as one more copy. */
export const CHUNK_CHARS = 1 << 20;

/** Slices of `text` that never split a surrogate pair, so each encodes to UTF-8 on its own. */
export function* textChunks(text: string, size = CHUNK_CHARS): Generator<string> {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield text.slice(start, end);
    start = end;
  }
}
