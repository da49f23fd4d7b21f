import type { FilePair } from '../files/discover.ts';
import type { Format, TargetContext } from '../formats/format.ts';
import type { TranslationContext } from '../memory/memory-key.ts';

/** What a run knows about one (source file, target locale), read-only: what every reader gets. */
export interface PairView {
  readonly index: number;
  readonly pair: FilePair;
  readonly format: Format<unknown>;
  readonly doc: unknown;
  readonly bom: boolean;
  readonly target: TargetContext;
  readonly context: TranslationContext;
  /** The memory key of each unit, in the format's order; the units themselves are not kept (the format renders them again). */
  readonly keys: readonly string[];
  /** Units a person edited in the target: their text is kept. */
  readonly kept: ReadonlyMap<string, string>;
  readonly conflicts: readonly string[];
  readonly warnings: readonly string[];
  /** Memory keys still waiting for a translation. */
  readonly pending: ReadonlySet<string>;
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
  readonly kept: Map<string, string>;
  readonly conflicts: string[];
  readonly warnings: string[];
  readonly pending: Set<string>;
  reused: number;
  copied: number;
  readonly failed: Map<number, string>;
  readonly errors: string[];
  status?: 'written' | 'unchanged' | 'failed';
}
