import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, capYoungGeneration, YOUNG_GENERATION_CAP } from '../src/util/heap-growth.ts';
import { packageRoot } from '../src/util/package-root.ts';

const BUILT = pathToFileURL(path.join(packageRoot(import.meta.url), 'dist/src/util/heap-growth.js')).href;

/**
 * The largest young generation a fresh Node sees while it keeps 60 MB of small objects, capped or not:
 * made over many turns of the event loop, or in one synchronous stretch that checks the cap as it goes.
 */
function youngPeak(capped: boolean, synchronous = false): number {
  const script = `
    import v8 from 'node:v8';
    import { capYoungGeneration, checkYoungGeneration } from ${JSON.stringify(BUILT)};
    if (${capped}) capYoungGeneration();
    const kept = [];
    let peak = 0;
    const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
    for (let turn = 0; turn < 60; turn++) {
      for (let i = 0; i < 20000; i++) {
        kept.push({ id: 'unit' + turn + '/' + i, n: i });
        if (${synchronous} && i % 1000 === 0) {
          checkYoungGeneration();
          peak = Math.max(peak, young());
        }
      }
      if (!${synchronous}) await new Promise((resolve) => setImmediate(resolve));
      peak = Math.max(peak, young());
    }
    console.log(peak, kept.length);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout.split(' ')[0]);
}

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

describe('capYoungGeneration', () => {
  it('keeps the young generation at its cap where V8 would grow it to its maximum', () => {
    const uncapped = youngPeak(false);
    const capped = youngPeak(true);
    // V8 grows it to 32 MiB for this; capped, it stops at 8 MiB (checked on the turn after collections).
    expect(uncapped).toBeGreaterThan(2 * YOUNG_GENERATION_CAP);
    expect(capped).toBeLessThanOrEqual(YOUNG_GENERATION_CAP);
  });

  it('holds in a long synchronous stretch that checks it as it goes (the collector reports only on a later turn)', () => {
    expect(youngPeak(false, true)).toBeGreaterThan(2 * YOUNG_GENERATION_CAP);
    expect(youngPeak(true, true)).toBeLessThanOrEqual(YOUNG_GENERATION_CAP);
  });

  it('leaves young-generation flags the user gave Node alone', () => {
    expect(capYoungGeneration(YOUNG_GENERATION_CAP, ['--max-semi-space-size=64'], '')).toBeUndefined();
    expect(capYoungGeneration(YOUNG_GENERATION_CAP, [], '--semi_space_growth_factor=4')).toBeUndefined();
    const stop = capYoungGeneration(YOUNG_GENERATION_CAP, [], '--trace-warnings');
    expect(stop).toBeTypeOf('function');
    stop!();
  });
});
