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
  const front = frontMatterNesting(text);
  let deepest = front ?? { depth: 0, line: 1 };
  let line = 0;
  for (let start = 0; start <= text.length; ) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    line++;
    let markers = 0;
    let columns = 0;
    let i = start;
    for (;;) {
      // White space counts only when a marker follows it (a diagram's `>   │` is not nesting).
      let space = 0;
      while (i < stop && (text[i] === ' ' || text[i] === '\t')) space += text[i++] === '\t' ? 4 : 1;
      const m = OPENER.exec(text.slice(i, Math.min(stop, i + 11)));
      if (!m) break;
      markers++;
      columns += space;
      i += m[0].length;
    }
    const depth = markers ? markers + Math.floor(columns / 2) : 0;
    if (depth > deepest.depth) deepest = { depth, line };
    if (end === -1) break;
    start = end + 1;
  }
  return deepest;
}

/**
 * The front matter's nesting, for the YAML parser: flow collections (`[`, `{`) and indentation.
 * Tens of thousands of `[` there crash the process outright (V8 runs out of memory compiling a
 * regular expression in the YAML library), which no budget can catch afterwards.
 */
function frontMatterNesting(text: string): { depth: number; line: number } | undefined {
  const open = /^(?:---|\+\+\+)[ \t]*\r?\n/.exec(text);
  if (!open) return undefined;
  const fence = open[0].trim();
  let deepest = { depth: 0, line: 1 };
  let flow = 0;
  let line = 1;
  for (let start = open[0].length; start < text.length; ) {
    const end = text.indexOf('\n', start);
    const row = text.slice(start, end === -1 ? text.length : end);
    line++;
    if (row.trimEnd() === fence) break;
    const indent = Math.floor((/^[ \t]*/.exec(row)?.[0].length ?? 0) / 2);
    let most = flow;
    for (const ch of row) {
      if (ch === '[' || ch === '{') most = Math.max(most, ++flow);
      else if ((ch === ']' || ch === '}') && flow > 0) flow--;
    }
    if (most + indent > deepest.depth) deepest = { depth: most + indent, line };
    if (end === -1) break;
    start = end + 1;
  }
  return deepest;
}
