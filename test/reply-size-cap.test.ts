import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BatchTranslator } from '../jobs/translate-batch.ts';
import { QwenMtProvider } from '../src/providers/qwen-mt-provider.ts';
import { ProviderError } from '../src/errors/provider-error.ts';
import { PAYLOAD_VERSION } from '../src/queue/job-payloads.ts';
import { QwenMtSimulator } from './simulator/qwen-mt-simulator.ts';

const KEY = 'sk-size-cap-0123456789';
let sim: QwenMtSimulator;
let base: string;
const req = { text: 'Hello {0}, <b>welcome</b> back', sourceLang: 'English', targetLang: 'German', model: 'qwen-mt-flash' };
/** About 100 KB of reply to a request of about 200 bytes: over 16 × the request + 64 KiB. */
const RUNAWAY = { repeat: 3000, times: 1 };

function client(stream: boolean): QwenMtProvider {
  return new QwenMtProvider({ baseUrl: base, apiKey: KEY, region: 'cn', timeoutMs: 5000, stream, incrementalStream: true });
}

beforeAll(async () => {
  sim = new QwenMtSimulator({ apiKey: KEY });
  base = await sim.listen();
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  sim.configure({ script: [], tamper: [] });
});

describe('reply size cap', () => {
  it('cuts off a reply over 16 times its request, plain or streamed, as a transient error', async () => {
    for (const stream of [false, true]) {
      sim.configure({ tamper: [{ ...RUNAWAY }] });
      const c = client(stream);
      const error = await c.translate(req).then(() => undefined, (e: unknown) => e);
      expect(error, `stream ${stream}`).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).kind).toBe('transient');
      expect((error as ProviderError).message).toMatch(/reply passed \d+ bytes \(16 × the request \+ 64 KiB\); cut off/);
      // The next reply is an ordinary one, on the same client.
      expect((await c.translate(req)).text).toContain('{0}');
      await c.close();
    }
  });

  it('retries a request whose reply was cut off, and translates', async () => {
    sim.configure({ tamper: [{ ...RUNAWAY }] });
    const provider = client(false);
    const job = { v: PAYLOAD_VERSION, provider: 'qwen-mt', model: 'qwen-mt-flash', sourceLang: 'English', targetLang: 'German', segments: [{ key: 'k', text: 'Hello {0}' }] } as const;
    const r = await new BatchTranslator(job, { provider, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } }).run();
    expect(r.failures).toEqual({});
    expect(r.requests).toBe(2);
    expect(r.translations.k.length).toBeLessThan(30);
    await provider.close();
  });
});
