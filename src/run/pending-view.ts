import type { PairView, PendingKeys } from '../pipeline/pair-state.ts';
import type { PairStates } from './pair-states.ts';

/** One pair's pending keys as its `PairStates` records them: nothing of its own to keep in step. */
export class PendingView implements PendingKeys {
  constructor(
    private readonly states: PairStates,
    private readonly pair: PairView,
  ) {}

  get size(): number {
    return this.states.waitingOf(this.pair.index);
  }

  has(key: string): boolean {
    return this.states.pairsOf(key).includes(this.pair);
  }

  /** Walks every pending key of the run: for reports, not for a loop per key. */
  *[Symbol.iterator](): Iterator<string> {
    for (const [key, pairs] of this.states.entries()) if (pairs === this.pair || (Array.isArray(pairs) && pairs.includes(this.pair))) yield key;
  }
}
