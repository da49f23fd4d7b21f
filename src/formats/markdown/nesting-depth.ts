/** A container opener at a line's start: a block quote marker, or a list marker followed by white space or the line's end. */
const OPENER = /^(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/;

/**
 * How deep a Markdown document's block containers nest at most, and where: a linear pre-scan
 * before the parser, whose time and stack grow with nesting (10,000 list markers on one line
 * take it 90 s and then overflow the stack). Per line, each block quote or list marker at its
 * start opens a level, and on a line that has one, every two columns of indentation count as a
 * level too (nested list items are indented, not marked, per level). It over-counts rather than
 * under-counts: `1.` items indent three columns per level.
 */
export function nestingDepth(text: string): { depth: number; line: number } {
  let deepest = { depth: 0, line: 1 };
  let line = 0;
  for (let start = 0; start <= text.length; ) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    line++;
    let markers = 0;
    let columns = 0;
    let i = start;
    for (;;) {
      while (i < stop && (text[i] === ' ' || text[i] === '\t')) columns += text[i++] === '\t' ? 4 : 1;
      const m = OPENER.exec(text.slice(i, Math.min(stop, i + 11)));
      if (!m) break;
      markers++;
      i += m[0].length;
    }
    const depth = markers ? markers + Math.floor(columns / 2) : 0;
    if (depth > deepest.depth) deepest = { depth, line };
    if (end === -1) break;
    start = end + 1;
  }
  return deepest;
}
