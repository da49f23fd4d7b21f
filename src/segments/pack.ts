// Several segments travel in one request as numbered blocks: `⟦1⟧ first⏎⟦2⟧ second`.
// The markers are rare characters that models copy through; the reply is split on them
// and must bring back every number, once, in order.
const MARKER = /⟦(\d+)⟧[ \t]?/g;

export function pack(texts: readonly string[]): string {
  if (texts.length === 1) return texts[0];
  return texts.map((t, i) => `⟦${i + 1}⟧ ${t}`).join('\n');
}

export type Unpacked = { ok: true; texts: string[] } | { ok: false; reason: string };

export function unpack(reply: string, count: number): Unpacked {
  if (count === 1) {
    return reply.match(MARKER) ? { ok: false, reason: 'a segment marker appeared in a single-segment reply' } : { ok: true, texts: [reply.trim()] };
  }
  const marks = [...reply.matchAll(MARKER)];
  if (marks.length !== count) return { ok: false, reason: `expected ${count} segments, got ${marks.length}` };
  const texts: string[] = [];
  for (let i = 0; i < marks.length; i++) {
    if (Number(marks[i][1]) !== i + 1) return { ok: false, reason: `segment ${i + 1} came back as ⟦${marks[i][1]}⟧` };
    if (i === 0 && reply.slice(0, marks[0].index).trim()) return { ok: false, reason: 'text before the first segment marker' };
    const start = marks[i].index + marks[i][0].length;
    const end = i + 1 < marks.length ? marks[i + 1].index : reply.length;
    texts.push(reply.slice(start, end).trim());
  }
  return { ok: true, texts };
}
