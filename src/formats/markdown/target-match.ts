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
  /** A person's text that has no place in the rendered document (a list item added to a source list): the target is not written. */
  readonly unplaced: readonly string[];
}

/** A hand edit whose source changed: no record of what the machine wrote for this source. */
const UNKNOWN_SOURCE: UnitRecord = { source: '', output: '' };
// Beyond this many candidate pairs, only pieces at about the same rank (± WINDOW) are compared.
const MAX_CANDIDATES = 1_000_000;
const WINDOW = 32;

const textOf = (p: Piece) => restore(p.text, p.text.text);

export function parseTarget(doc: MarkdownDocument, text: string): MarkdownDocument {
  const tree = parseMarkdown(text, doc.mdx);
  return { text, tree, mdx: doc.mdx, off: offRanges(text, tree), options: doc.options };
}

/**
 * Sets an existing target against its source by what each unit is, not where: a target text the
 * state says the machine wrote for a unit is that unit's, wherever it moved; the rest are paired by
 * block kind and neighbourhood, text the machine did not write (a hand edit) going first to a unit
 * whose source is unchanged, and machine text of a changed source to a unit that is new. Target
 * blocks left over that the machine did not write are kept where they stand, and reported.
 */
export function matchTarget(doc: MarkdownDocument, target: TargetContext): MarkdownMatch | undefined {
  if (target.existing === undefined) return undefined;
  const records = target.records;
  if (!records || (!records.byUnit.size && !records.orphans.size)) return { units: new Map(), additions: [], kept: [], unplaced: [] };
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

  const pairs = pairUp(mine, theirs, (j) => ownerOf.get(hashes[j]) ?? [], (i, j) => {
    const h = hashes[j];
    if (records.byUnit.has(mine[i].id)) return records.orphans.has(h) ? 0 : 6;
    return records.orphans.has(h) ? 4 : 2;
  });
  const units = new Map<string, { text: string; record?: UnitRecord }>();
  const unitOf = new Map<number, number>(pairs.map(([i, j]) => [j, i]));
  for (const [i, j] of pairs) {
    const p = mine[i];
    const text = textOf(theirs[j]);
    const record = records.byUnit.get(p.id) ?? records.orphans.get(hashes[j]) ?? (text === textOf(p) ? undefined : UNKNOWN_SOURCE);
    units.set(p.id, record ? { text, record } : { text });
  }

  // Leftover target text the machine did not write is a person's: whole blocks are kept in place.
  const human = (j: number) => !unitOf.has(j) && !ownerOf.has(hashes[j]) && !records.orphans.has(hashes[j]);
  const additions: string[] = [];
  const kept: KeptBlock[] = [];
  const unplaced: string[] = [];
  const first = doc.tree.children.find((n) => n.type !== 'yaml' && (n.type as string) !== 'toml');
  let anchor: number | undefined; // the source block after which the last matched target piece stood
  const done = new Set<number>();
  theirs.forEach((t, j) => {
    const i = unitOf.get(j);
    if (i !== undefined) anchor = mine[i].block;
    if (!human(j) || done.has(t.block)) return;
    done.add(t.block);
    const node = theirDoc.tree.children[t.block];
    if (node.type === 'yaml' || theirs.some((o, k) => o.block === t.block && unitOf.has(k))) {
      unplaced.push(`target line ${t.line}: text that matches no source paragraph has no place of its own to be kept in ("${textOf(t).slice(0, 40)}…"); make it a block of its own or remove it`);
      return;
    }
    const raw = target.existing!.slice(node.position!.start.offset!, node.position!.end.offset!);
    if (anchor !== undefined) kept.push({ at: doc.tree.children[anchor].position!.end.offset!, before: false, raw });
    else kept.push({ at: first ? first.position!.start.offset! : doc.text.length, before: !!first, raw });
    additions.push(`target line ${t.line}: a block not in the source (a translator's addition, or the translation of a removed paragraph) was kept; please review`);
  });
  return { units, additions, kept, unplaced };
}

/**
 * Pairs source pieces with target pieces: first each target text the machine wrote for a unit with
 * that unit, wherever it moved; then the rest by kind, how sure the class of pair is (`base`, 0:
 * never), equal syntax tokens, and the same sure neighbours before and after, best first.
 */
function pairUp(mine: readonly Piece[], theirs: readonly Piece[], ownersOf: (j: number) => readonly number[], base: (i: number, j: number) => number): [number, number][] {
  const unitOf = new Map<number, number>(); // target piece → source piece
  const taken = new Set<number>();
  theirs.forEach((_, j) => {
    const i = ownersOf(j).find((o) => !taken.has(o));
    if (i === undefined) return;
    unitOf.set(j, i);
    taken.add(i);
  });
  const sureBefore = (n: number, isSure: (k: number) => boolean, at: (k: number) => number | undefined) => {
    const out: (number | undefined)[] = [];
    let last: number | undefined;
    for (let k = 0; k < n; k++) {
      out.push(last);
      if (isSure(k)) last = at(k);
    }
    return out;
  };
  const reversed = <T>(xs: T[]) => xs.reverse();
  const m = mine.length;
  const n = theirs.length;
  const srcPrev = sureBefore(m, (i) => taken.has(i), (i) => i);
  const srcNext = reversed(sureBefore(m, (k) => taken.has(m - 1 - k), (k) => m - 1 - k));
  const tgtPrev = sureBefore(n, (j) => unitOf.has(j), (j) => unitOf.get(j));
  const tgtNext = reversed(sureBefore(n, (k) => unitOf.has(n - 1 - k), (k) => unitOf.get(n - 1 - k)));
  const syntax = (p: Piece) => [...p.text.tokens].sort().join('\u0000');
  const mySyntax = mine.map(syntax);
  const theirSyntax = theirs.map(syntax);

  const left = mine.map((_, i) => i).filter((i) => !taken.has(i));
  const right = theirs.map((_, j) => j).filter((j) => !unitOf.has(j));
  const wide = left.length * right.length > MAX_CANDIDATES;
  const candidates: { i: number; j: number; score: number; distance: number }[] = [];
  left.forEach((i, a) => {
    const [from, to] = wide ? [Math.max(0, a - WINDOW), Math.min(right.length, a + WINDOW + 1)] : [0, right.length];
    for (let b = from; b < to; b++) {
      const j = right[b];
      if (mine[i].kind !== theirs[j].kind) continue;
      const sure = base(i, j);
      if (!sure) continue;
      const near = (srcPrev[i] === tgtPrev[j] ? 1 : 0) + (srcNext[i] === tgtNext[j] ? 1 : 0);
      const alike = mySyntax[i] === theirSyntax[j] ? 1 : 0;
      if (sure < 4 && !near && !alike) continue; // a new unit and text nobody wrote for it: only when something ties them
      candidates.push({ i, j, score: sure + near + alike, distance: Math.abs(a - b) });
    }
  });
  candidates.sort((x, y) => y.score - x.score || x.distance - y.distance);
  for (const c of candidates) {
    if (taken.has(c.i) || unitOf.has(c.j)) continue;
    unitOf.set(c.j, c.i);
    taken.add(c.i);
  }
  return [...unitOf].map(([j, i]) => [i, j]);
}
