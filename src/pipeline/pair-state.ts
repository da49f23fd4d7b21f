import type { FilePair } from '../files/discover.ts';
import type { ContentDigest } from '../files/same-content.ts';
import type { Format, TargetContext } from '../formats/format.ts';
import type { TranslationContext } from '../memory/memory-key.ts';

/** A pair's memory keys still waiting for a translation: a Set while planning, the run's own record after. */
export interface PendingKeys extends Iterable<string> {
  readonly size: number;
  has(key: string): boolean;
}

/** What a run knows about one (source file, target locale), read-only: what every reader gets. */
export interface PairView {
  readonly index: number;
  readonly pair: FilePair;
  readonly format: Format<unknown>;
  /** The source as the format parsed it; undefined once let go of until assembly (a large file: see `PairStates`). */
  readonly doc: unknown;
  /** The source's bytes when planned: a document read again must be these. */
  readonly sourceDigest: ContentDigest;
  /** Whether the written target starts with a byte-order mark (`targetBom`: as its source's, or a PO catalogue's own). */
  readonly bom: boolean;
  readonly target: TargetContext;
  readonly context: TranslationContext;
  /** The memory key of each unit, in the format's order; the units themselves are not kept (the format renders them again). */
  readonly keys: readonly string[];
  /** How many units the source has: `keys` are let go of once the file is assembled. */
  readonly unitCount: number;
  /** Units a person edited in the target: their text is kept. */
  readonly kept: ReadonlyMap<string, string>;
  readonly conflicts: readonly string[];
  readonly warnings: readonly string[];
  /** Memory keys still waiting for a translation. */
  readonly pending: PendingKeys;
  readonly reused: number;
  /** Units with nothing to translate (placeholders, punctuation), written as their source. */
  readonly copied: number;
  /** Unit index → why it has no translation. */
  readonly failed: ReadonlyMap<number, string>;
  readonly errors: readonly string[];
  readonly status?: 'written' | 'unchanged' | 'failed';
}

/**
 * The same, writable: built by the planner, then handed to the run's `PairStates`, whose methods
 * alone change it from there on.
 */
export interface PairState extends PairView {
  /** Writable: the run lets go of the existing target's text once planned, where the format renders without it. */
  target: TargetContext;
  /** Writable: the run lets go of a large source document while it waits for translations. */
  doc: unknown;
  /** Writable: the run lets go of them once the file is assembled. */
  keys: readonly string[];
  readonly kept: Map<string, string>;
  readonly conflicts: string[];
  readonly warnings: string[];
  /** Writable: the planner fills a Set; the run's `PairStates` puts its own view of the same keys in its place. */
  pending: PendingKeys;
  reused: number;
  copied: number;
  readonly failed: Map<number, string>;
  readonly errors: string[];
  status?: 'written' | 'unchanged' | 'failed';
}
