/**
 * 1-based line of character offsets asked in (mostly) increasing order: each call scans only from
 * the last offset, so numbering every unit of a large file stays linear.
 */
export function lineCounter(text: string): (offset: number) => number {
  const position = positionCounter(text);
  return (offset) => position(offset).line;
}

/** 1-based line and column (UTF-16 units after the line's start) of offsets asked in (mostly) increasing order. */
export function positionCounter(text: string): (offset: number) => { line: number; column: number } {
  let line = 1;
  let at = 0;
  let lineStart = 0;
  return (offset) => {
    if (offset < at) [line, at, lineStart] = [1, 0, 0];
    for (; at < offset; at++) {
      if (text.charCodeAt(at) === 10) {
        line++;
        lineStart = at + 1;
      }
    }
    return { line, column: offset - lineStart + 1 };
  };
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
