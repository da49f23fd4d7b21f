import { describe, expect, it } from 'vitest';
import { boundHeapGrowth } from '../src/run/heap-growth.ts';

describe('boundHeapGrowth', () => {
  it('bounds the heap growth of a run unless the user gave Node heap flags', () => {
    expect(boundHeapGrowth([], '')).toBe(true);
    expect(boundHeapGrowth(['--enable-source-maps'], '--trace-warnings')).toBe(true);
    expect(boundHeapGrowth(['--max-old-space-size=512'], '')).toBe(false);
    expect(boundHeapGrowth([], '--max_old_space_size=512')).toBe(false);
    expect(boundHeapGrowth([], '--inspect --heap-growing-percent=50')).toBe(false);
    expect(boundHeapGrowth(['--max-heap-size=1024'], '')).toBe(false);
  });
});
