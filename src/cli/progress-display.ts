import { SingleBar } from 'cli-progress';
import { Writable } from 'node:stream';
import type { RunEvent } from '../run/run-events.ts';
import type { Output } from './cli-io.ts';
import { plural } from '../util/plural.ts';

/** `bar` redraws (a terminal), `lines` prints a plain line now and then (CI logs), `json` one event per line. */
export type ProgressMode = 'bar' | 'lines' | 'json' | 'none';

export interface ProgressDisplayOptions {
  readonly mode: ProgressMode;
  readonly stream: Output;
  /** `lines`: at least one line this often while the run goes on (default 30 s). */
  readonly everyMs?: number;
  /** `lines`: a line at each step of this many percent (default 10). */
  readonly stepPercent?: number;
}

/** `--progress auto` is a bar on a terminal and plain lines elsewhere. */
export function progressMode(flag: string | undefined, isTTY: boolean): ProgressMode {
  if (flag === 'bar' || flag === 'lines' || flag === 'json' || flag === 'none') return flag;
  return isTTY ? 'bar' : 'lines';
}

type Progress = Extract<RunEvent, { type: 'progress' }>;

/** Shows a run's events on stderr in the chosen mode; feed it `Run` events, `stop()` it at the end. */
export class ProgressDisplay {
  private readonly started = Date.now();
  private bar?: SingleBar;
  private timer?: NodeJS.Timeout;
  private last?: Progress;
  private lastStep = -1;
  private lastAt = 0;
  private written = 0;

  constructor(private readonly options: ProgressDisplayOptions) {}

  handle(e: RunEvent): void {
    if (e.type === 'file-written' && e.status === 'written') this.written++;
    if (this.options.mode === 'json') return this.json(e);
    if (e.type !== 'progress') return;
    // A bar redraws a terminal; a plain writer (a test's buffer) gets lines.
    if (this.options.mode === 'bar' && this.options.stream instanceof Writable) return this.draw(e, this.options.stream);
    if (this.options.mode === 'bar') return this.line(e);
    if (this.options.mode === 'lines') this.line(e);
  }

  stop(): void {
    clearInterval(this.timer);
    this.bar?.stop();
  }

  private draw(e: Progress, stream: Writable): void {
    if (!this.bar) {
      this.bar = new SingleBar({ format: 'translating [{bar}] {value}/{total} segments | {files}{details}', clearOnComplete: true, stream });
      this.bar.start(e.segmentsTotal, 0, { files: '', details: '' });
    }
    this.bar.setTotal(e.segmentsTotal);
    this.bar.update(e.segmentsDone, { files: `${e.filesDone}/${e.filesTotal} ${plural(e.filesTotal, 'file')}`, details: this.details(e) });
  }

  private line(e: Progress): void {
    const everyMs = this.options.everyMs ?? 30_000;
    this.last = e;
    // A stalled run still says so every `everyMs`.
    this.timer ??= setInterval(() => Date.now() - this.lastAt >= everyMs && this.last && this.print(this.last), everyMs).unref();
    const step = e.segmentsTotal ? Math.floor((e.segmentsDone / e.segmentsTotal) * 100 / (this.options.stepPercent ?? 10)) : 0;
    if (step > this.lastStep || Date.now() - this.lastAt >= everyMs) {
      this.lastStep = step;
      this.print(e);
    }
  }

  /** Rate, money spent and time left, as ` · `-led parts; rate and ETA only once the run is steady. */
  private details(e: Progress): string {
    const n = (x: number) => x.toLocaleString('en-US');
    const elapsed = Date.now() - this.started;
    // The first results say little about the rate: no ETA before 5 % or 30 s.
    const steady = e.segmentsDone >= e.segmentsTotal * 0.05 || elapsed >= 30_000;
    const eta = steady && e.segmentsDone && e.segmentsDone < e.segmentsTotal ? ` · ETA ${clock((elapsed / e.segmentsDone) * (e.segmentsTotal - e.segmentsDone))}` : '';
    const rate = steady && elapsed >= 1000 ? ` · ${n(Math.round((e.segmentsDone / elapsed) * 1000))} segments/s` : '';
    const cost = e.cost ? ` · $${e.cost.toFixed(e.cost < 1 ? 4 : 2)} spent` : '';
    return `${rate}${cost}${eta}`;
  }

  private print(e: Progress): void {
    this.lastAt = Date.now();
    const n = (x: number) => x.toLocaleString('en-US');
    const pct = e.segmentsTotal ? Math.floor((e.segmentsDone / e.segmentsTotal) * 100) : 100;
    this.options.stream.write(
      `translating ${n(e.segmentsDone)}/${n(e.segmentsTotal)} segments (${pct} %) · ${n(e.requests)} ${plural(e.requests, 'request')} · ${n(this.written)} ${plural(this.written, 'file')} written${this.details(e)}\n`,
    );
  }

  private json(e: RunEvent): void {
    if (e.type === 'progress') {
      // One line per percent at most, and at least every `everyMs`: a big run has a result per segment.
      const step = e.segmentsTotal ? Math.floor((e.segmentsDone / e.segmentsTotal) * 100) : 100;
      if (step <= this.lastStep && Date.now() - this.lastAt < (this.options.everyMs ?? 30_000)) return;
      this.lastStep = step;
      this.lastAt = Date.now();
    }
    const at = new Date().toISOString();
    const out =
      e.type === 'planned' ? { event: 'start', at, files: e.files, segments: e.segments, requests: e.estimate.requests, estimatedCost: e.estimate.cost }
      : e.type === 'finished' ? { event: 'end', at, exitCode: e.exitCode, ok: e.report.ok, totals: e.report.totals, durationMs: e.report.durationMs }
      : { event: e.type, at, ...withoutType(e) };
    this.options.stream.write(JSON.stringify(out) + '\n');
  }
}

function withoutType<T extends { type: string }>(e: T): Omit<T, 'type'> {
  const { type: _type, ...rest } = e;
  return rest;
}

/** 3m10s, 45s, 1h05m */
function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
