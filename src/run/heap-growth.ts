import v8 from 'node:v8';

/** How much V8's heap may grow past what was live at the last full collection before it collects again. */
export const HEAP_GROWING_PERCENT = 25;

/**
 * A run holds a large file's texts and bookkeeping for minutes; on a machine with memory to spare V8
 * lets its heap grow to up to four times what is live before collecting, so the peak would be a
 * multiple of the live set. The command line asks for more frequent full collections instead (BENCHMARKS.md
 * section 10: the same time, a fraction of the peak). Heap flags the user gave Node win.
 */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)];
  if (given.some((flag) => /^--(heap-growing-percent|max-old-space-size|max-heap-size)\b/.test(flag.replace(/_/g, '-')))) return false;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
