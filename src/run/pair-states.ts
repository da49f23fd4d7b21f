import type { PairState, PairView } from '../pipeline/pair-state.ts';
import { PendingView } from './pending-view.ts';

/** What assembling one target found: applied to its pair by `PairStates.finish`. */
export interface AssembleOutcome {
  status?: 'written' | 'unchanged' | 'failed';
  /** Unit index → why it has no translation, for units that failed only while rendering. */
  readonly failed: Map<number, string>;
  readonly errors: string[];
  readonly warnings: string[];
}

/** Sources larger than this (bytes) are read again for assembly rather than held while the run waits. */
export const REREAD_ABOVE = 2 ** 20;

export function emptyOutcome(): AssembleOutcome {
  return { failed: new Map(), errors: [], warnings: [] };
}

/**
 * The one owner of a run's per-pair state once planning is over: its methods are the only writers;
 * everyone else gets read-only views. Also counts segments and files done for the progress events.
 */
export class PairStates {
  /**
   * Key → the pairs waiting for it: the one record of what is pending (each pair's `pending` is a view of it).
   * One pair (the usual case) is held without an array: a large file has a million keys.
   */
  private readonly byKey = new Map<string, PairState | PairState[]>();
  /** By pair index: how many of its keys are still pending. */
  private readonly waiting: Uint32Array;
  /** By pair index, for pairs with a failed key: their pending keys' units (see `unitsOf`). */
  private readonly failing = new Map<number, Map<string, number[]>>();
  /** Segment resolutions to wait for, one per (key, file): a text twice in one file is resolved once. */
  readonly segmentsTotal: number;
  private resolved = 0;
  private finished = 0;

  /** `rereadAbove`: source documents of more bytes than this are let go of until assembly, which reads them again. */
  constructor(private readonly states: readonly PairState[], { rereadAbove = REREAD_ABOVE }: { rereadAbove?: number } = {}) {
    let total = 0;
    this.waiting = new Uint32Array(states.length);
    for (const state of states) {
      // Formats that render without the existing target's text let it go now, not after the run.
      if (state.format.rendersFromSource) state.target = { ...state.target, existing: undefined };
      // Waiting for translations may take hours: a large source is not held meanwhile (one with nothing to wait for is assembled now).
      if (state.pending.size && state.sourceDigest.size > rereadAbove) state.doc = undefined;
      total += state.pending.size;
      this.waiting[state.index] = state.pending.size;
      for (const key of state.pending) {
        const had = this.byKey.get(key);
        if (!had) this.byKey.set(key, state);
        else if (Array.isArray(had)) had.push(state);
        else this.byKey.set(key, [had, state]);
      }
      // The planner's Set would be a second copy of every key's entry.
      state.pending = new PendingView(this, state);
    }
    this.segmentsTotal = total;
  }

  /** The pairs waiting for `key`. */
  pairsOf(key: string): readonly PairView[] {
    const had = this.byKey.get(key);
    return had === undefined ? [] : Array.isArray(had) ? had : [had];
  }

  get all(): readonly PairView[] {
    return this.states;
  }

  get segmentsDone(): number {
    return this.resolved;
  }

  get filesDone(): number {
    return this.finished;
  }

  get filesTotal(): number {
    return this.states.length;
  }

  /**
   * The locales waiting for any of these memory keys. Locales of one Qwen-MT language (pt-BR, pt-PT)
   * share keys and requests, not memories: each gets the translations.
   */
  localesOf(keys: Iterable<string>): Set<string> {
    const locales = new Set<string>();
    for (const key of keys) for (const p of this.pairsOf(key)) locales.add(p.pair.locale);
    return locales;
  }

  /** How many keys pair `index` still waits for. */
  waitingOf(index: number): number {
    return this.waiting[index];
  }

  /** Every key some pair waits for, with the pairs. */
  entries(): IterableIterator<[string, PairView | readonly PairView[]]> {
    return this.byKey.entries();
  }

  /** Pairs with nothing left to translate: ready to assemble. */
  ready(): PairView[] {
    return this.states.filter((s) => !this.waiting[s.index]);
  }

  /**
   * A key's translation is in (or failed, with `failure`) for every pair waiting for it; returns the
   * pairs whose last pending key this was, in plan order.
   */
  resolve(key: string, failure?: string): PairView[] {
    const complete: PairView[] = [];
    for (const view of this.pairsOf(key)) {
      const state = this.states[view.index];
      this.resolved++;
      if (failure) for (const unit of this.unitsOf(state, key)) state.failed.set(unit, failure);
      if (--this.waiting[state.index] > 0) continue;
      this.failing.delete(state.index);
      complete.push(state);
    }
    // No pair waits for it any more: a large file's keys are let go of as they come in, before it is assembled.
    this.byKey.delete(key);
    return complete;
  }

  /**
   * The units of a pair with this key. Indexed on the pair's first failed key, its pending keys only: a
   * scan of every unit for each failed key would be quadratic in a large file whose requests all fail.
   */
  private unitsOf(state: PairState, key: string): readonly number[] {
    let units = this.failing.get(state.index);
    if (!units) {
      units = new Map();
      for (const [i, k] of state.keys.entries()) {
        if (!this.pairsOf(k).includes(state)) continue;
        const list = units.get(k);
        if (list) list.push(i);
        else units.set(k, [i]);
      }
      this.failing.set(state.index, units);
    }
    return units.get(key) ?? [];
  }

  /** Records what assembling pair `index` found; the file counts as done. */
  finish(index: number, outcome: AssembleOutcome): PairView {
    const state = this.states[index];
    for (const [unit, reason] of outcome.failed) state.failed.set(unit, reason);
    // One by one: a large file may have more errors than a spread's arguments allow.
    for (const error of outcome.errors) state.errors.push(error);
    for (const warning of outcome.warnings) state.warnings.push(warning);
    state.status = outcome.status;
    // Assembled: the document and keys were for rendering and recording; the report counts units, and a large file has a million keys.
    state.doc = undefined;
    state.keys = [];
    this.finished++;
    return state;
  }

  /** Refused before anything was sent (over budget): no file is written. */
  refuseAll(): void {
    for (const state of this.states) state.status = 'failed';
  }

  /** Every pair not assembled when the run ended is failed, with why. */
  failUnfinished(reason: string): void {
    for (const state of this.states) {
      if (state.status) continue;
      state.status = 'failed';
      state.errors.push(`${state.pair.target}: not written: ${reason}`);
    }
  }
}
