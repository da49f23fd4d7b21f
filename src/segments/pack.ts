// Several segments travel in one request as numbered lines, `1. first⏎2. second`, the way a
// numbered list is written (models keep list numbers, and they cost two tokens each). The reply
// must bring back every number once, in order, each at the start of a line.
export function pack(texts: readonly string[]): string {
  if (texts.length === 1) return texts[0];
  return texts.map((t, i) => `${i + 1}. ${t}`).join('\n');
}

export type Unpacked = { ok: true; texts: string[] } | { ok: false; reason: string };

export function unpack(reply: string, count: number): Unpacked {
  if (count === 1) return { ok: true, texts: [reply.trim()] };
  const text = reply.trim();
  const starts: { at: number; body: number }[] = [];
  let from = 0;
  for (let n = 1; n <= count; n++) {
    // Segment n starts at the first line (after segment n-1's start) that begins with "n.".
    const marker = new RegExp(`(^|\\n)[ \\t]*${n}\\.[ \\t]?`, 'g');
    marker.lastIndex = from;
    const m = marker.exec(text);
    if (!m || (n === 1 && m.index !== 0)) return { ok: false, reason: n === 1 ? 'the reply does not start with segment 1' : `segment ${n} of ${count} is missing` };
    starts.push({ at: m.index, body: m.index + m[0].length });
    from = m.index + m[0].length;
  }
  if (new RegExp(`\\n[ \\t]*${count + 1}\\.[ \\t]`).test(text.slice(from))) return { ok: false, reason: `more than ${count} segments came back` };
  return { ok: true, texts: starts.map((s, i) => text.slice(s.body, i + 1 < starts.length ? starts[i + 1].at : text.length).trim()) };
}
