/**
 * 1-based line of character offsets asked in (mostly) increasing order: each call scans only from
 * the last offset, so numbering every unit of a large file stays linear.
 */
export function lineCounter(text: string): (offset: number) => number {
  let line = 1;
  let at = 0;
  return (offset) => {
    if (offset < at) [line, at] = [1, 0];
    for (; at < offset; at++) if (text.charCodeAt(at) === 10) line++;
    return line;
  };
}
