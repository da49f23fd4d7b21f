import { setImmediate } from 'node:timers/promises';

/** Lets timers and I/O that are due run before this CPU-bound work goes on (after them, not after a delay). */
export function yieldToEventLoop(): Promise<void> {
  return setImmediate();
}
