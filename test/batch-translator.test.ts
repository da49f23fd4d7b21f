import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BatchTranslator } from '../jobs/translate-batch.ts';
import { TokenCalibration } from '../jobs/token-calibration.ts';
import { QwenMtProvider } from '../src/providers/qwen-mt-provider.ts';
import { requestBudget } from '../src/pipeline/pack-batches.ts';
import type { RateLimiter } from '../src/queue/rate-limiter.ts';
import { ProviderError } from '../src/errors/provider-error.ts';
import { PAYLOAD_VERSION, type TranslateJobData } from '../src/queue/job-payloads.ts';
import { QwenMtSimulator } from './simulator/qwen-mt-simulator.ts';

let sim: QwenMtSimulator;
let provider: QwenMtProvider;
const retry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

function job(texts: string[]): TranslateJobData {
  return {
    v: PAYLOAD_VERSION, provider: 'qwen-mt', model: 'qwen-mt-flash', sourceLang: 'English', targetLang: 'German',
    segments: texts.map((text, i) => ({ key: `k${i}`, text })),
  };
}

const texts = ['Open {0}', 'Save the file', 'Delete {0} of {1}', 'Cancel', 'Rename {0}', 'Settings', 'Share with {0}', 'Close'];

beforeAll(async () => {
  sim = new QwenMtSimulator();
  const base = await sim.listen();
  provider = new QwenMtProvider({ baseUrl: base, apiKey: 'sk-batch', region: 'cn', timeoutMs: 1000, stream: false, incrementalStream: true });
});
afterAll(async () => {
  await provider.close();
  await sim.close();
});
beforeEach(() => {
  sim.reset();
  sim.configure({ script: [] });
});

describe('packed requests', () => {
  it('translates eight segments in one request', async () => {
    const r = await new BatchTranslator(job(texts), { provider, retry }).run();
    expect(Object.keys(r.translations)).toHaveLength(8);
    expect(r.failures).toEqual({});
    expect(r.requests).toBe(1);
    expect(r.translations.k2).toMatch(/^.*\{0\}.*\{1\}.*$/);
  });

  it('splits a misaligned reply in halves and still translates everything', async () => {
    sim.configure({ script: ['misalign'] });
    const r = await new BatchTranslator(job(texts), { provider, retry }).run();
    expect(Object.keys(r.translations)).toHaveLength(8);
    expect(r.splits).toBe(1);
    expect(r.requests).toBe(3);
  });

  it('re-sends only the segment that lost a placeholder', async () => {
    sim.configure({ script: ['drop-token'] });
    const r = await new BatchTranslator(job(texts), { provider, retry }).run();
    expect(Object.keys(r.translations)).toHaveLength(8);
    expect(r.requests).toBe(2);
    expect(sim.log[1].text).toBe('Open {0}');
  });

  it('splits a truncated reply, and fails a single segment that is always cut off', async () => {
    sim.configure({ script: ['truncate'] });
    const r = await new BatchTranslator(job(texts), { provider, retry }).run();
    expect(Object.keys(r.translations)).toHaveLength(8);
    sim.configure({ truncateRate: 1 });
    const single = await new BatchTranslator(job(['Hello world']), { provider, retry }).run();
    sim.configure({ truncateRate: 0 });
    expect(single.failures.k0).toMatch(/cut off by the output token limit.*after 3 attempts/);
  });

  it('sends a single segment that was cut off again in two halves, split between sentences', async () => {
    sim.configure({ script: ['truncate'] });
    const text = 'First sentence with {0}. Second sentence is here! Third one ends it.';
    const r = await new BatchTranslator(job([text]), { provider, retry }).run();
    expect(r.failures).toEqual({});
    expect(r.splits).toBe(1);
    expect(sim.log.slice(1).map((l) => l.text)).toEqual(['First sentence with {0}.', 'Second sentence is here! Third one ends it.']);
    expect(r.translations.k0).toMatch(/^\S+ \S+ \S+ \{0\}\. \S+ \S+ \S+ \S+! \S+ \S+ \S+ \S+\.$/);
  });

  it('isolates a moderated segment; the others go on', async () => {
    sim.configure({ moderate: ['Rename'] });
    const r = await new BatchTranslator(job(texts), { provider, retry }).run();
    sim.configure({ moderate: [] });
    expect(Object.keys(r.failures)).toEqual(['k4']);
    expect(r.failures.k4).toMatch(/inappropriate content/);
    expect(Object.keys(r.translations)).toHaveLength(7);
  });

  it('retries 5xx, resets and throttling with backoff', async () => {
    sim.configure({ script: ['500', 'reset', '429', '503'] });
    const r = await new BatchTranslator(job(texts), { provider, retry: { ...retry, attempts: 4 } }).run();
    expect(Object.keys(r.translations)).toHaveLength(8);
    expect(r.retries).toBe(3);
    expect(r.throttled).toBe(1);
    expect(r.requests).toBe(5);
  });

  it('gives up after the configured attempts and reports the segments failed', async () => {
    sim.configure({ errorRate: 1 });
    const r = await new BatchTranslator(job(texts.slice(0, 2)), { provider, retry }).run();
    sim.configure({ errorRate: 0 });
    expect(Object.keys(r.failures)).toEqual(['k0', 'k1']);
    expect(r.failures.k0).toMatch(/500.*gave up after 3 attempts/);
  });

  it('throws on errors no retry can fix', async () => {
    sim.configure({ script: ['429-quota'] });
    await expect(new BatchTranslator(job(texts), { provider, retry }).run()).rejects.toSatisfy((e: unknown) => e instanceof ProviderError && e.kind === 'fatal');
  });
});

/** A limiter that grants every slot at once and records what it was asked. */
function recordingLimiter() {
  const calls = { reserved: [] as number[], settled: [] as number[], pauses: [] as number[] };
  const limiter = {
    acquire: async (tokens: number) => (calls.reserved.push(tokens), { id: String(calls.reserved.length), waitMs: 0, startsAt: 0 }),
    settle: async (_r: unknown, tokens: number) => void calls.settled.push(tokens),
    penalise: async (ms: number) => (calls.pauses.push(ms), 0.8),
    pause: async () => {},
    spacingMs: 100,
  } as unknown as RateLimiter;
  return { limiter, calls };
}

describe('pacing', () => {
  it("a request's first 429 holds starts back for one slot, not a second; a second one for the same request pauses everyone", async () => {
    sim.configure({ script: ['429', '429'] });
    const { limiter, calls } = recordingLimiter();
    const r = await new BatchTranslator(job(texts), { provider, retry, limiter }).run();
    expect(r.throttled).toBe(2);
    expect(calls.pauses).toEqual([100, 1000]);
  });

  it('after the first reply, the limiter holds what the service bills: no guessed margin on top', async () => {
    const { limiter, calls } = recordingLimiter();
    const calibration = new TokenCalibration();
    await new BatchTranslator(job(texts), { provider, retry, limiter, calibration }).run();
    await new BatchTranslator(job(texts), { provider, retry, limiter, calibration }).run();
    const billed = calls.settled[0];
    expect(calls.settled[1]).toBe(billed);
    expect(calls.reserved[0]).toBeGreaterThan(billed); // before any reply: on the safe side
    expect(calls.reserved[1]).toBe(billed);
  });

  it('packs a request to TPM ÷ RPM: the limiter keeps the headroom, the budget does not take it twice', () => {
    expect(requestBudget(600, 200_000, 8192)).toBe(333);
    expect(requestBudget(60, 100_000, 8192)).toBe(1666);
  });
});
