import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QwenMtProvider } from '../src/providers/qwen-mt-provider.ts';
import { ProviderError } from '../src/errors/provider-error.ts';
import { QwenMtSimulator } from './simulator/qwen-mt-simulator.ts';

const KEY = 'sk-test-0123456789abcdef';
let sim: QwenMtSimulator;
let base: string;

function client(options: Partial<ConstructorParameters<typeof QwenMtProvider>[0]> = {}): QwenMtProvider {
  return new QwenMtProvider({ baseUrl: base, apiKey: KEY, region: 'cn', timeoutMs: 2000, stream: false, incrementalStream: true, ...options });
}

const req = { text: 'Hello {0}, <b>welcome</b> back', sourceLang: 'English', targetLang: 'German', model: 'qwen-mt-flash' };

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected the request to fail');
}

beforeAll(async () => {
  sim = new QwenMtSimulator({ apiKey: KEY });
  base = await sim.listen();
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  sim.configure({ script: [], latencyMs: 0, apiKey: KEY });
});

describe('qwen-mt client against the simulator', () => {
  it('sends one user message with translation_options and reads the reply and usage', async () => {
    const c = client();
    const r = await c.translate({ ...req, terms: [{ source: 'welcome', target: 'willkommen' }], domains: 'IT docs' });
    expect(r.text).toContain('{0}');
    expect(r.text).toContain('<b>willkommen</b>');
    expect(r.finishReason).toBe('stop');
    expect(r.promptTokens).toBeGreaterThan(40);
    expect(r.completionTokens).toBeGreaterThan(0);
    expect(sim.log[0].translationOptions).toEqual({ source_lang: 'English', target_lang: 'German', terms: [{ source: 'welcome', target: 'willkommen' }], domains: 'IT docs' });
    await c.close();
  });

  it('reads incremental and whole-text streams alike', async () => {
    const flash = await client({ stream: true, incrementalStream: true }).translate(req);
    const plus = await client({ stream: true, incrementalStream: false }).translate({ ...req, model: 'qwen-mt-plus' });
    const plain = await client().translate(req);
    expect(flash.text).toBe(plain.text);
    expect(plus.text).toBe(plain.text);
    expect(flash.promptTokens).toBe(plain.promptTokens);
  });

  it.each([
    ['429', 'throttled', 429],
    ['500', 'transient', 500],
    ['503', 'transient', 503],
    ['inspection', 'content', 400],
    ['429-quota', 'fatal', 429],
  ] as const)('classifies %s as %s', async (fault, kind, status) => {
    sim.configure({ script: [fault] });
    const e = await failure(client().translate(req));
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(status);
  });

  it('fails fast on 401 and names the region', async () => {
    const e = await failure(new QwenMtProvider({ baseUrl: base, apiKey: 'sk-wrong', region: 'intl', timeoutMs: 2000, stream: false, incrementalStream: true }).translate(req));
    expect(e.kind).toBe('fatal');
    expect(e.message).toMatch(/intl region/);
    expect(e.message).not.toContain('sk-wrong');
  });

  it('fails fast on 400 for an unsupported language and on an unknown model', async () => {
    const lang = await failure(client().translate({ ...req, targetLang: 'Klingon' }));
    expect(lang).toMatchObject({ kind: 'fatal', status: 400 });
    expect(lang.message).toContain('暂时不支持当前设置的语种');
    expect(await failure(client().translate({ ...req, model: 'qwen-mt-nope' }))).toMatchObject({ kind: 'fatal', status: 404 });
  });

  it('treats a dropped connection and a hang as transient', async () => {
    sim.configure({ script: ['reset'] });
    expect((await failure(client().translate(req))).kind).toBe('transient');
    sim.configure({ script: ['hang'] });
    const started = Date.now();
    const e = await failure(client({ timeoutMs: 300 }).translate(req));
    expect(e.kind).toBe('transient');
    expect(e.message).toMatch(/did not answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports an input over the model limit as a content error', async () => {
    const e = await failure(client().translate({ ...req, text: 'word '.repeat(9000) }));
    expect(e).toMatchObject({ kind: 'content', status: 400 });
  });
});
