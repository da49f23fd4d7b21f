import type { Provider, TranslateResult } from '../src/providers/provider.ts';
import { ProviderError } from '../src/errors/provider-error.ts';
import type { TranslateJobData, TranslateJobResult } from '../src/queue/job-payloads.ts';
import { PAYLOAD_VERSION } from '../src/queue/job-payloads.ts';
import { sleep, type RateLimiter } from '../src/queue/rate-limiter.ts';
import { pack, unpack } from '../src/segments/pack.ts';
import type { SegmentPayload } from '../src/segments/segment.ts';
import { sentenceBreaks, type SentenceBreak } from '../src/segments/sentences.ts';
import { estimateTokens, OUTPUT_RATIO, REQUEST_OVERHEAD_TOKENS } from '../src/segments/tokens.ts';
import { checkSegment, loadSegmentChecks, settleSegment } from '../src/segments/check-segment.ts';
import { backoffDelay, type RetryOptions } from './backoff.ts';
import type { TokenCalibration } from './token-calibration.ts';
import { yieldToEventLoop } from '../src/util/yield-to-event-loop.ts';

const CHECKS_PER_TURN = 20;

export interface BatchContext {
  readonly provider: Provider;
  /** Absent for providers without limits (pseudo). */
  readonly limiter?: RateLimiter;
  readonly retry: RetryOptions;
  readonly signal?: AbortSignal;
  /** Told how long each answered request took, so concurrency can follow latency. */
  readonly onLatency?: (ms: number) => void;
  /** Billed ÷ estimated tokens so far, shared by the worker's jobs: makes the next estimates honest. */
  readonly calibration?: TokenCalibration;
}

/** Two halves of a text, cut at the sentence boundary nearest its middle; undefined for a single sentence. */
export function splitBetweenSentences(text: string): { texts: [string, string]; join: string } | undefined {
  let best: SentenceBreak | undefined;
  for (const b of sentenceBreaks(text)) {
    if (!best || Math.abs(b.at - text.length / 2) < Math.abs(best.at - text.length / 2)) best = b;
  }
  if (!best) return undefined;
  return { texts: [text.slice(0, best.at), text.slice(best.at + best.space.length)], join: best.space };
}

/**
 * Translates one packed request: sends it, checks every segment, and on a mismatch splits the
 * request in two (down to single segments) so one bad segment never fails its neighbours.
 * Errors that no retry can fix (key, quota, model) are thrown; everything else ends up per segment.
 */
export class BatchTranslator {
  private readonly translations: Record<string, string> = {};
  private readonly failures: Record<string, string> = {};
  private requests = 0;
  private promptTokens = 0;
  private completionTokens = 0;
  private splits = 0;
  private retries = 0;
  private throttled = 0;

  constructor(
    private readonly job: TranslateJobData,
    private readonly ctx: BatchContext,
  ) {}

  async run(): Promise<TranslateJobResult> {
    await loadSegmentChecks();
    await this.translate(this.job.segments);
    return {
      v: PAYLOAD_VERSION,
      translations: this.translations,
      failures: this.failures,
      requests: this.requests,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      splits: this.splits,
      retries: this.retries,
      throttled: this.throttled,
    };
  }

  private async translate(segments: readonly SegmentPayload[], validationTry = 1): Promise<void> {
    let result: TranslateResult;
    try {
      result = await this.send(pack(segments.map((s) => s.text)));
    } catch (error) {
      if (!(error instanceof ProviderError) || error.kind === 'fatal') throw error;
      if (error.kind === 'content' && segments.length > 1) return this.split(segments);
      for (const s of segments) this.failures[s.key] = error.message;
      return;
    }
    if (result.finishReason === 'length') {
      if (segments.length > 1) return this.split(segments);
      return this.translateInPieces(segments[0], validationTry);
    }
    const unpacked = unpack(result.text, segments.length);
    if (!unpacked.ok) {
      if (segments.length > 1) return this.split(segments);
      return this.retryOrFail(segments[0], validationTry, unpacked.reason);
    }
    const bad: { segment: SegmentPayload; reason: string }[] = [];
    for (const [i, segment] of segments.entries()) {
      // Checks parse text: hand the event loop back now and then, so BullMQ renews its job locks on time.
      if (i % CHECKS_PER_TURN === CHECKS_PER_TURN - 1) await yieldToEventLoop();
      const text = settleSegment(segment.text, unpacked.texts[i], segment.check, segment.tokens);
      const reason = checkSegment(segment.text, text, segment.check, segment.tokens);
      if (reason) bad.push({ segment, reason });
      else this.translations[segment.key] = text;
    }
    if (!bad.length) return;
    if (segments.length > 1) {
      // Aligned but some segments are wrong: only those go again, alone.
      this.splits++;
      await Promise.all(bad.map((b) => this.translate([b.segment])));
      return;
    }
    return this.retryOrFail(bad[0].segment, validationTry, bad[0].reason);
  }

  /** A single segment whose translation was cut off: sent again as two halves, split between sentences. */
  private async translateInPieces(segment: SegmentPayload, tried: number): Promise<void> {
    const reason = 'cut off by the output token limit (finish_reason "length")';
    const halves = splitBetweenSentences(segment.text);
    if (!halves) return this.retryOrFail(segment, tried, reason);
    this.splits++;
    const keys = [`${segment.key}#0`, `${segment.key}#1`];
    // The halves are checked for their tokens only; the joined text gets the segment's own check.
    await Promise.all(halves.texts.map((text, i) => this.translate([{ key: keys[i], text }])));
    const parts = keys.map((k) => this.translations[k]);
    const failed = keys.map((k) => this.failures[k]).find(Boolean);
    for (const k of keys) {
      delete this.translations[k];
      delete this.failures[k];
    }
    if (failed || parts.some((p) => p === undefined)) return void (this.failures[segment.key] = failed ?? reason);
    const joined = settleSegment(segment.text, parts[0] + halves.join + parts[1], segment.check, segment.tokens);
    const problem = checkSegment(segment.text, joined, segment.check, segment.tokens);
    if (problem) return this.retryOrFail(segment, tried, problem);
    this.translations[segment.key] = joined;
  }

  private async split(segments: readonly SegmentPayload[]): Promise<void> {
    this.splits++;
    const half = Math.ceil(segments.length / 2);
    await Promise.all([this.translate(segments.slice(0, half)), this.translate(segments.slice(half))]);
  }

  private async retryOrFail(segment: SegmentPayload, tried: number, reason: string): Promise<void> {
    if (tried >= this.ctx.retry.attempts) {
      this.failures[segment.key] = `${reason} (after ${tried} attempts)`;
      return;
    }
    this.retries++;
    return this.translate([segment], tried + 1);
  }

  /** One request with pacing and retries for throttling and transient faults. */
  private async send(text: string): Promise<TranslateResult> {
    const { provider, limiter, retry, signal } = this.ctx;
    const inputTokens = estimateTokens(text) + REQUEST_OVERHEAD_TOKENS;
    const raw = inputTokens + Math.ceil(estimateTokens(text) * OUTPUT_RATIO);
    const calibration = this.ctx.calibration;
    // What the limiter holds until the reply's `usage` replaces it: the calibrated estimate, with no
    // extra margin (the limiter's own target leaves the room).
    const estimate = calibration ? calibration.estimate(raw) : raw;
    let lastError: ProviderError | undefined;
    // A 429 is not the request's fault: it gets more tries than other faults.
    const maxTries = retry.attempts * 3;
    for (let attempt = 1, faults = 0, throttles = 0; attempt <= maxTries && faults < retry.attempts; attempt++) {
      const reservation = limiter ? await limiter.acquire(estimate, signal) : undefined;
      this.requests++;
      const sentAt = performance.now();
      try {
        const result = await provider.translate({
          text,
          model: this.job.model,
          sourceLang: this.job.sourceLang,
          targetLang: this.job.targetLang,
          terms: this.job.terms,
          tmList: this.job.tmList,
          domains: this.job.domains,
          signal,
        });
        this.ctx.onLatency?.(performance.now() - sentAt);
        this.promptTokens += result.promptTokens;
        this.completionTokens += result.completionTokens;
        const billed = result.promptTokens + result.completionTokens;
        calibration?.observe(billed, raw);
        if (limiter && reservation) await limiter.settle(reservation, billed || estimate);
        return result;
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        if (error.kind === 'fatal' || error.kind === 'content') throw error;
        lastError = error;
        const delay = backoffDelay(attempt, retry);
        // The service's Retry-After holds for every worker: the shared limiter starts nothing before it ends.
        const after = error.retryAfterMs;
        if (error.kind === 'throttled') {
          this.throttled++;
          // A request's first 429 is most often timing (requests the machine's load brought closer than
          // planned): the shared rate slows down and starts hold back for one slot, so the bunch clears,
          // with nobody idle for a second. A second 429 for the same request means the account is short.
          const pause = after ?? (++throttles > 1 ? Math.max(1000, delay) : limiter?.spacingMs ?? 0);
          if (limiter) await limiter.penalise(pause);
          else await sleep(after ?? delay, signal);
        } else {
          faults++;
          this.retries++;
          if (limiter && after !== undefined) await limiter.pause(after);
          else await sleep(Math.max(delay, after ?? 0), signal);
        }
      }
    }
    throw new ProviderError('transient', `${lastError?.message ?? 'request failed'} (gave up after ${retry.attempts} attempts)`);
  }
}
