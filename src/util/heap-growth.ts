import v8 from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';

/** How much V8's heap may grow past what was live at the last full collection before it collects again. */
export const HEAP_GROWING_PERCENT = 25;
/** The young generation's size (both semi-spaces) past which it stops growing. */
export const YOUNG_GENERATION_CAP = 8 * 2 ** 20;

/** Whether the user gave Node a flag matching `name` (dashes or underscores), on its command line or in NODE_OPTIONS. */
function userGave(name: RegExp, execArgv: readonly string[], nodeOptions: string): boolean {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((flag) => name.test(flag.replace(/_/g, '-')));
}

/**
 * A run holds a large file's texts and bookkeeping for minutes; on a machine with memory to spare V8
 * lets its heap grow to up to four times what is live before collecting, so the peak would be a
 * multiple of the live set. The command line asks for more frequent full collections instead (BENCHMARKS.md
 * section 10: the same time, a fraction of the peak). Heap flags the user gave Node win.
 */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  if (userGave(/^--(heap-growing-percent|max-old-space-size|max-heap-size)\b/, execArgv, nodeOptions)) return false;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}

/** While a cap is on: sets the growth factor from the young generation's size now. */
let check: (() => void) | undefined;

/**
 * Planning a large file makes objects that live for the whole run, so V8 grows the young generation to its
 * 32 MiB maximum, which is three times a 10 MB file and mostly copies of what the old generation
 * holds anyway. Its maximum can only be set when Node starts; the growth factor is read at each
 * growth, so it is set to 1 (no growth) while the young generation is at `cap` and back to 2 when V8
 * has shrunk it: after collections (on the next turn of the event loop), and wherever a long
 * synchronous loop calls `checkYoungGeneration`. Young-generation flags the user gave Node win.
 * Returns a function that stops it.
 */
export function capYoungGeneration(cap = YOUNG_GENERATION_CAP, execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): (() => void) | undefined {
  if (userGave(/^--(max-semi-space-size|min-semi-space-size|semi-space-growth-factor|max-young-generation-size)\b/, execArgv, nodeOptions)) return undefined;
  let factor = 2;
  const own = () => {
    const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    const wanted = young && young.space_size >= cap ? 1 : 2;
    if (wanted === factor) return;
    factor = wanted;
    v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  };
  check = own;
  const observer = new PerformanceObserver(own);
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    observer.disconnect();
    if (check === own) check = undefined;
    if (factor !== 2) v8.setFlagsFromString('--semi-space-growth-factor=2');
  };
}

/**
 * For loops that run for long without giving the event loop a turn (planning or rendering a large
 * file), every few thousand items: the collector's reports reach the cap only on a later turn. Does
 * nothing unless the cap is on.
 */
export function checkYoungGeneration(): void {
  check?.();
}

/** How many items such a loop handles between checks. */
export const CHECK_EVERY = 4096;
