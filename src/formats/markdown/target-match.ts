import type { UnitRecord } from '../../memory/target-state.ts';
import { contentHash } from '../../segments/hash.ts';
import { restore } from '../../segments/placeholders.ts';
import type { TargetContext, TargetMatch } from '../format.ts';
import { offRanges, pieces, type MarkdownDocument, type Piece } from './pieces.ts';
import { parseMarkdown } from './parse-markdown.ts';

/** A target block no source unit accounts for, kept where it stood: inserted at a source offset. */
export interface KeptBlock {
  readonly at: number;
  /** Before the source block at `at` (nothing matched before it), else after the block ending there. */
  readonly before: boolean;
  readonly raw: string;
}

export interface MarkdownMatch extends TargetMatch {
  readonly kept: readonly KeptBlock[];
}

/** A hand edit whose source changed: no record of what the machine wrote for this source. */
const UNKNOWN_SOURCE: UnitRecord = { source: '', output: '' };
// Gap alignments bigger than this are left unmatched (kept and reported) rather than paid for in time.
const MAX_GAP_CELLS = 4_000_000;

const textOf = (p: Piece) => restore(p.text, p.text.text);

export function parseTarget(doc: MarkdownDocument, text: string): MarkdownDocument {
  const tree = parseMarkdown(text, doc.mdx);
  return { text, tree, mdx: doc.mdx, off: offRanges(text, tree) };
}

/**
 * Sets an existing target against its source by what each unit is, not where: a target text the
 * state says the machine wrote for a unit is that unit's (anchors, kept in order); between anchors,
 * blocks of the same kind are aligned, preferring a unit whose source is unchanged for text the
 * machine did not write (a hand edit), and machine text of a changed source for a unit that is new.
 * Target blocks left over that the machine did not write are kept where they stand and reported.
 */
export function matchTarget(doc: MarkdownDocument, target: TargetContext): MarkdownMatch | undefined {
  if (target.existing === undefined) return undefined;
  const records = target.records;
  if (!records || (!records.byUnit.size && !records.orphans.size)) return { units: new Map(), additions: [], kept: [] };
  const theirDoc = parseTarget(doc, target.existing);
  const mine = pieces(doc);
  const theirs = pieces(theirDoc);
  const hashes = theirs.map((t) => contentHash(textOf(t)));
  // Units by what the machine wrote for them (equal sources may have equal outputs).
  const ownerOf = new Map<string, number[]>();
  mine.forEach((p, i) => {
    const r = records.byUnit.get(p.id);
    if (r) ownerOf.set(r.output, [...(ownerOf.get(r.output) ?? []), i]);
  });

  const score = (i: number, j: number): number => {
    if (mine[i].kind !== theirs[j].kind) return 0;
    const h = hashes[j];
    const owners = ownerOf.get(h);
    if (owners) return owners.includes(i) ? 4 : 0;
    if (records.byUnit.has(mine[i].id)) return records.orphans.has(h) ? 0 : 3;
    return records.orphans.has(h) ? 2 : 1;
  };

  const pairs = anchors(mine.length, theirs.length, (j) => ownerOf.get(hashes[j]) ?? [], score);
  const units = new Map<string, { text: string; record?: UnitRecord }>();
  const paired = new Set<number>();
  for (const [i, j] of pairs) {
    paired.add(j);
    const p = mine[i];
    const text = textOf(theirs[j]);
    const record = records.byUnit.get(p.id) ?? records.orphans.get(hashes[j]) ?? (text === textOf(p) ? undefined : UNKNOWN_SOURCE);
    units.set(p.id, record ? { text, record } : { text });
  }

  // Leftover target text the machine did not write is a person's: whole blocks are kept in place.
  const human = (j: number) => !paired.has(j) && !ownerOf.has(hashes[j]) && !records.orphans.has(hashes[j]);
  const additions: string[] = [];
  const kept: KeptBlock[] = [];
  const blockOf = new Map<number, number>(theirs.map((t, j) => [j, t.block]));
  const sourceAt = (j: number) => pairs.find(([, jj]) => jj === j)?.[0];
  const done = new Set<number>();
  theirs.forEach((t, j) => {
    if (!human(j) || done.has(t.block)) return;
    done.add(t.block);
    const node = theirDoc.tree.children[t.block];
    const inBlock = [...blockOf].filter(([, b]) => b === t.block).map(([jj]) => jj);
    if (node.type === 'yaml' || inBlock.some((jj) => paired.has(jj))) {
      additions.push(`target line ${t.line}: text that matches no source paragraph could not be kept in place: ${textOf(t).slice(0, 60)}`);
      return;
    }
    const before = [...paired].filter((jj) => jj < j).sort((a, b) => b - a)[0];
    const anchor = before === undefined ? undefined : doc.tree.children[mine[sourceAt(before)!].block];
    const first = doc.tree.children.find((n) => n.type !== 'yaml' && (n.type as string) !== 'toml');
    const raw = target.existing!.slice(node.position!.start.offset!, node.position!.end.offset!);
    if (anchor) kept.push({ at: anchor.position!.end.offset!, before: false, raw });
    else kept.push({ at: first ? first.position!.start.offset! : doc.text.length, before: !!first, raw });
    additions.push(`target line ${t.line}: a block not in the source (a translator's addition, or the translation of a removed paragraph) was kept; please review`);
  });
  return { units, additions, kept };
}

/**
 * Pairs source pieces 0..m and target pieces 0..n: anchors (`ownerOf`) in the longest order-keeping
 * run, then each gap between anchors aligned by the highest total score (0: never paired).
 */
function anchors(m: number, n: number, ownerOf: (j: number) => readonly number[], score: (i: number, j: number) => number): [number, number][] {
  const candidates: [number, number][] = [];
  // Per target piece, its candidates by falling source index, so the run takes at most one of them.
  for (let j = 0; j < n; j++) for (const i of [...ownerOf(j)].reverse()) candidates.push([i, j]);
  const chain = increasing(candidates);
  const out: [number, number][] = [];
  let [pi, pj] = [-1, -1];
  for (const [i, j] of [...chain, [m, n] as [number, number]]) {
    out.push(...align(pi + 1, i, pj + 1, j, score));
    if (i < m) out.push([i, j]);
    [pi, pj] = [i, j];
  }
  return out;
}

/** The longest run of pairs increasing in both indexes (pairs come sorted by target index). */
function increasing(pairs: readonly [number, number][]): [number, number][] {
  const tails: number[] = [];
  const prev: number[] = [];
  pairs.forEach(([i], k) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]][0] < i) lo = mid + 1;
      else hi = mid;
    }
    prev[k] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = k;
  });
  const out: [number, number][] = [];
  for (let k = tails.length ? tails[tails.length - 1] : -1; k >= 0; k = prev[k]) out.unshift(pairs[k]);
  return out;
}

/** Best-scoring order-keeping alignment of source [i0, i1) with target [j0, j1). */
function align(i0: number, i1: number, j0: number, j1: number, score: (i: number, j: number) => number): [number, number][] {
  const h = i1 - i0;
  const w = j1 - j0;
  if (h <= 0 || w <= 0 || h * w > MAX_GAP_CELLS) return [];
  const best = new Float64Array((h + 1) * (w + 1));
  const at = (a: number, b: number) => a * (w + 1) + b;
  for (let a = h - 1; a >= 0; a--) {
    for (let b = w - 1; b >= 0; b--) {
      const s = score(i0 + a, j0 + b);
      best[at(a, b)] = Math.max(best[at(a + 1, b)], best[at(a, b + 1)], s ? s + best[at(a + 1, b + 1)] : 0);
    }
  }
  const out: [number, number][] = [];
  let [a, b] = [0, 0];
  while (a < h && b < w) {
    const s = score(i0 + a, j0 + b);
    if (s && best[at(a, b)] === s + best[at(a + 1, b + 1)]) {
      out.push([i0 + a, j0 + b]);
      a++, b++;
    } else if (best[at(a, b)] === best[at(a + 1, b)]) a++;
    else b++;
  }
  return out;
}
