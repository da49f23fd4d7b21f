import { describe, expect, it } from 'vitest';
import { autoConcurrency, smoothLatency } from '../src/queue/auto-concurrency.ts';

// `concurrency: auto` (the default with qwen-mt): requests in flight follow the allowed rate × the
// observed latency, so a slow model still reaches the account's limit. What 0 and explicit numbers
// mean for `run` and `worker` is in shared-rules.test.ts.

/** The bounds the translate worker uses (README: "follows 2 × allowed rate × observed latency (4–128)"). */
const bounds = { min: 4, max: 128 };

/** Requests per minute that `inFlight` requests of `latencyMs` each can complete. */
const reachable = (inFlight: number, latencyMs: number) => (inFlight * 60_000) / latencyMs;

describe('autoConcurrency', () => {
  it('is twice the requests a latency keeps busy at the allowed rate, plus two', () => {
    // 600 RPM = 10 per second; at 2 s each, 20 are in flight at any moment.
    expect(autoConcurrency(600, 2000, bounds)).toBe(42);
    expect(autoConcurrency(300, 1500, bounds)).toBe(17);
    // A fraction of a request still needs a slot.
    expect(autoConcurrency(61, 3000, bounds)).toBe(9);
  });

  it('reaches at least twice the allowed rate at the observed latency, inside its bounds', () => {
    for (const rpm of [10, 60, 300, 600, 1200, 6000]) {
      for (const latencyMs of [50, 400, 1000, 2500, 8000, 30_000]) {
        const n = autoConcurrency(rpm, latencyMs, bounds);
        expect(n).toBeGreaterThanOrEqual(bounds.min);
        expect(n).toBeLessThanOrEqual(bounds.max);
        if (n < bounds.max) expect(reachable(n, latencyMs)).toBeGreaterThanOrEqual(2 * rpm);
      }
    }
  });

  it('grows with the rate and with the latency', () => {
    const rates = [60, 120, 600, 1200].map((rpm) => autoConcurrency(rpm, 3000, bounds));
    const latencies = [500, 1000, 4000, 8000].map((ms) => autoConcurrency(600, ms, bounds));
    for (const list of [rates, latencies]) {
      for (let i = 1; i < list.length; i++) expect(list[i]).toBeGreaterThan(list[i - 1]);
    }
  });

  it('stays at its floor for a fast model or a low limit, and at its ceiling for a slow one at a high limit', () => {
    expect(autoConcurrency(60, 300, bounds)).toBe(4);
    expect(autoConcurrency(6000, 30_000, bounds)).toBe(128);
    expect(autoConcurrency(600, 2000, { min: 4, max: 16 })).toBe(16);
    expect(autoConcurrency(600, 2000, { min: 64, max: 128 })).toBe(64);
  });
});

describe('the latency auto follows', () => {
  it('starts at the first reply and moves a fifth of the way with each next one', () => {
    expect(smoothLatency(0, 1200)).toBe(1200);
    expect(smoothLatency(1000, 2000)).toBe(1200);
    expect(smoothLatency(1000, 500)).toBe(900);
  });

  it('after a change of latency, settles on the new one; a single slow reply moves it only a fifth', () => {
    let latency = 0;
    for (let i = 0; i < 5; i++) latency = smoothLatency(latency, 1000);
    expect(latency).toBe(1000);
    const fast = autoConcurrency(600, latency, bounds);
    const once = smoothLatency(latency, 6000);
    expect(once).toBe(2000);
    expect(autoConcurrency(600, once, bounds)).toBeLessThan(autoConcurrency(600, 6000, bounds));
    for (let i = 0; i < 40; i++) latency = smoothLatency(latency, 4000);
    expect(latency).toBeCloseTo(4000, 0);
    expect(autoConcurrency(600, latency, bounds)).toBe(autoConcurrency(600, 4000, bounds));
    expect(autoConcurrency(600, latency, bounds)).toBeGreaterThan(fast);
  });
});
