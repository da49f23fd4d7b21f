import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/queue/rate-limiter.ts';
import { startTestRedis } from './helpers/test-redis.ts';

let redis: Awaited<ReturnType<typeof startTestRedis>>;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

/** Planned start times (Redis' clock) of `n` reservations made at once by `limiters` (round robin). */
async function schedule(limiters: RateLimiter[], n: number, tokens: number): Promise<number[]> {
  const starts = await Promise.all(Array.from({ length: n }, (_, i) => limiters[i % limiters.length].acquire(tokens).then((r) => r.startsAt)));
  return starts.sort((a, b) => a - b);
}

function maxInAnySecond(starts: number[], windowMs = 1000): number {
  let best = 0;
  for (let i = 0, j = 0; i < starts.length; i++) {
    while (starts[i] - starts[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('shared rate limiter', () => {
  it('spaces requests of several limiters (workers) evenly under the per-second limit', async () => {
    const limiters = [0, 1, 2].map(() => new RateLimiter(redis.client(), { scope: 'rpm', rpm: 1200, tpm: 10_000_000 }));
    const starts = await schedule(limiters, 40, 10);
    // 1200 rpm = 20/s, aimed at 97 %: one every ~51.5 ms.
    expect(maxInAnySecond(starts)).toBeLessThanOrEqual(20);
    const gaps = starts.slice(1).map((s, i) => s - starts[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(50);
  });

  it('keeps every second under the token limit', async () => {
    const limiter = new RateLimiter(redis.client(), { scope: 'tpm', rpm: 600_000, tpm: 60_000 }); // 1000 tokens/s, aimed at 970
    const starts = await schedule([limiter], 10, 300);
    // 300 tokens each: at most 3 in any one-second window.
    expect(maxInAnySecond(starts)).toBeLessThanOrEqual(3);
    expect(starts[9] - starts[0]).toBeGreaterThanOrEqual(3000);
  });

  it('a start whose timer fired late (a blocked process) never lands beside the starts planned after it', async () => {
    const limiter = new RateLimiter(redis.client(), { scope: 'late', rpm: 600, tpm: 10_000_000 }); // 10 a second, one every ~103 ms
    const started: number[] = [];
    const all = Promise.all(Array.from({ length: 30 }, () => limiter.acquire(10).then(() => started.push(Date.now()))));
    // The event loop is blocked for over a second once the first start has gone: every timer due meanwhile fires at once.
    await new Promise((r) => setTimeout(r, 30));
    const until = Date.now() + 1200;
    while (Date.now() < until) {
      // busy, as a process starved of CPU or in a long GC
    }
    await all;
    // Measured where the requests would go out; 50 ms less than a second, for this process' own delays on a busy machine.
    expect(maxInAnySecond(started.sort((a, b) => a - b), 950)).toBeLessThanOrEqual(10);
  });

  it('slows every worker down after a 429, then recovers', async () => {
    const a = new RateLimiter(redis.client(), { scope: 'penalty', rpm: 6000, tpm: 10_000_000 });
    const b = new RateLimiter(redis.client(), { scope: 'penalty', rpm: 6000, tpm: 10_000_000 });
    expect(await a.penalise(300)).toBeCloseTo(0.8);
    const t0 = Date.now();
    const r = await b.acquire(10);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(r.waitMs).toBeGreaterThan(200);
    for (let i = 0; i < 20; i++) await b.settle(await b.acquire(10), 10);
    expect(await a.penalise(0)).toBeCloseTo(0.8);
  });
});
