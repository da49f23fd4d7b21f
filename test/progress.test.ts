import { PassThrough } from 'node:stream';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ProgressDisplay } from '../src/cli/progress-display.ts';
import { emptyTotals } from '../src/pipeline/run-report.ts';
import { scratchProject } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { useSimulatedEnv } from './helpers/simulated-env.ts';

const KEY = 'sk-progress-test-0123456789';
const ctx = useSimulatedEnv(KEY, { latencyMs: 50 });
// Small requests so a run takes several round trips of the simulator's latency.
const slow = (c: Record<string, unknown>) => ({ ...c, provider: { name: 'qwen-mt', model: 'qwen-mt-flash' }, rateLimit: { rpm: 6000, tpm: 20_000_000 }, batch: { maxSegments: 3 }, concurrency: 2 });

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (d: Buffer) => (out += d.toString()));
  return { stream, text: () => out };
}

describe('progress', () => {
  it('lines: one plain line per 10 % step, not one per segment', () => {
    const { stream, text } = collect();
    const display = new ProgressDisplay({ mode: 'lines', stream });
    for (let done = 0; done <= 200; done++) display.handle({ type: 'progress', segmentsDone: done, segmentsTotal: 200, filesDone: 0, filesTotal: 4, requests: Math.ceil(done / 10), cost: 0 });
    display.stop();
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[5]).toMatch(/^translating 100\/200 segments \(50 %\) · 10 requests · 0 files written · ETA \d+s$/);
    expect(lines[10]).toBe('translating 200/200 segments (100 %) · 20 requests · 0 files written');
    expect(lines[0]).toBe('translating 0/200 segments (0 %) · 0 requests · 0 files written');
  });

  it('lines: the rate and the money spent so far, once the run is steady', () => {
    vi.useFakeTimers({ now: new Date('2026-12-02T00:00:00Z'), toFake: ['Date'] });
    try {
      const { stream, text } = collect();
      const display = new ProgressDisplay({ mode: 'lines', stream });
      vi.setSystemTime(new Date('2026-12-02T00:00:20Z'));
      display.handle({ type: 'progress', segmentsDone: 500, segmentsTotal: 1000, filesDone: 1, filesTotal: 4, requests: 9, cost: 0.0123 });
      display.stop();
      expect(text().trim()).toBe('translating 500/1,000 segments (50 %) · 9 requests · 0 files written · 25 segments/s · $0.0123 spent · ETA 20s');
    } finally {
      vi.useRealTimers();
    }
  });

  it('json: every kind of event is one parseable line', () => {
    const { stream, text } = collect();
    const display = new ProgressDisplay({ mode: 'json', stream });
    display.handle({ type: 'planned', files: 1, segments: 2, estimate: { segments: 2, requests: 1, inputTokens: 10, outputTokens: 10, cost: 0, model: 'pseudo', priceDate: 'x' } });
    display.handle({ type: 'progress', segmentsDone: 2, segmentsTotal: 2, filesDone: 0, filesTotal: 1, requests: 1, cost: 0 });
    display.handle({ type: 'file-failed', source: 'a.json', target: 'de/a.json', locale: 'de', errors: ['bad'] });
    display.handle({ type: 'finished', exitCode: 1, report: { ok: false, totals: emptyTotals(), files: [], errors: [], durationMs: 5, peakMemoryMb: 1 } });
    expect(text().trim().split('\n').map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(['start', 'progress', 'file-failed', 'end']);
  });

  it('a real run whose stderr is not a terminal (a pipe, a CI log) prints progress lines; --progress json prints JSON events; none is silent', async () => {
    const dir = await scratchProject(undefined, slow);
    const config = path.join(dir, 'translate-locales.config.json');
    const lines = await runMain(['--config', config, '--to', 'de'], { env: ctx.env });
    expect(lines.code).toBe(0);
    const progress = lines.stderr.split('\n').filter((l) => l.startsWith('translating '));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toMatch(/^translating (\d+)\/\1 segments \(100 %\) · \d+ requests · \d+ files written( · [\d,]+ segments\/s)? · \$\d+\.\d{4} spent$/);

    const json = await runMain(['--config', config, '--to', 'ja', '--progress', 'json'], { env: ctx.env });
    expect(json.code).toBe(0);
    const events = json.stderr.trim().split('\n').map((l) => JSON.parse(l) as { event: string; exitCode?: number });
    expect(events[0].event).toBe('start');
    expect(events.some((e) => e.event === 'progress')).toBe(true);
    expect(events.filter((e) => e.event === 'file-written').length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ event: 'end', exitCode: 0 });

    const none = await runMain(['--config', config, '--to', 'ru', '--progress', 'none'], { env: ctx.env });
    expect(none.code).toBe(0);
    expect(none.stderr).toBe('');
  });
});
