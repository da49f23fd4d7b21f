import type { TextPair } from '../providers/provider.ts';
import type { TranslateJobData } from '../queue/job-payloads.ts';
import { PAYLOAD_VERSION } from '../queue/job-payloads.ts';
import { contentHash } from '../segments/hash.ts';
import { estimateTokens, OUTPUT_RATIO, REQUEST_OVERHEAD_TOKENS } from '../segments/tokens.ts';
import type { PendingSegment } from './plan-run.ts';

export interface BatchLimits {
  /** Input + output tokens one request should carry (TPM ÷ RPM reaches both limits together). */
  readonly maxTokens: number;
  /** The model's input cap. */
  readonly maxInputTokens: number;
  readonly maxSegments: number;
}

export interface Batch {
  readonly id: string;
  readonly data: TranslateJobData;
}

/** What `batchLimits` reads: the resolved limits, the model's input cap and the `batch` settings. */
export interface BatchLimitInputs {
  readonly rpm: number;
  readonly tpm: number;
  readonly model: { readonly maxInputTokens: number };
  readonly batch: { readonly maxTokens?: number; readonly maxSegments: number };
}

/** How requests are packed: one rule for the run and for `--dry-run`, so the estimate counts the requests the run sends. */
export function batchLimits(input: BatchLimitInputs): BatchLimits {
  return {
    maxTokens: requestBudget(input.rpm, input.tpm, input.model.maxInputTokens, input.batch.maxTokens),
    // Room for the hidden prompt, terms and examples the client cannot count exactly.
    maxInputTokens: Math.floor(input.model.maxInputTokens * 0.9),
    maxSegments: input.batch.maxSegments,
  };
}

/** The token budget per request that lets RPM and TPM be reached together. */
export function requestBudget(rpm: number, tpm: number, maxInputTokens: number, override?: number): number {
  if (override) return override;
  // TPM ÷ RPM: a one-second window then holds RPS whole requests, so neither limit idles. The limiter
  // keeps its headroom on both limits (97 %); taking it here as well left 3 % of the tokens unused.
  const balanced = Math.floor(tpm / rpm);
  return Math.max(200, Math.min(balanced, Math.floor(maxInputTokens * (1 + OUTPUT_RATIO))));
}

/**
 * Packs pending segments into requests: same locale and context together, in source order,
 * each request up to the token budget. The job id is a hash of the request, so re-adding it after a crash is a no-op.
 */
export function packBatches(
  pending: Iterable<PendingSegment>,
  provider: TranslateJobData['provider'],
  limits: BatchLimits,
  examples: (locale: string, text: string) => TextPair[] = () => [],
): Batch[] {
  const groups = new Map<string, PendingSegment[]>();
  for (const seg of pending) {
    const c = seg.context;
    const group = `${c.model}\u0000${c.sourceLang}\u0000${c.targetLang}\u0000${c.domains ?? ''}`;
    let list = groups.get(group);
    if (!list) groups.set(group, (list = []));
    list.push(seg);
  }
  const batches: Batch[] = [];
  for (const list of groups.values()) {
    let current: PendingSegment[] = [];
    let tokens = REQUEST_OVERHEAD_TOKENS;
    let input = REQUEST_OVERHEAD_TOKENS;
    const flush = () => {
      if (!current.length) return;
      const c = current[0].context;
      const terms = new Map<string, TextPair>();
      for (const s of current) for (const t of s.terms) terms.set(t.source, t);
      const tmList = examples(current[0].locale, current.map((s) => s.text).join('\n'));
      const data: TranslateJobData = {
        v: PAYLOAD_VERSION,
        provider,
        model: c.model,
        sourceLang: c.sourceLang,
        targetLang: c.targetLang,
        ...(c.domains ? { domains: c.domains } : {}),
        ...(terms.size ? { terms: [...terms.values()] } : {}),
        ...(tmList.length ? { tmList } : {}),
        segments: current.map((s) => ({ key: s.key, text: s.text, ...(s.check ? { check: s.check, tokens: s.tokens } : {}) })),
      };
      batches.push({ id: contentHash(JSON.stringify(data)), data });
      current = [];
      tokens = input = REQUEST_OVERHEAD_TOKENS;
    };
    for (const seg of list) {
      // A text with numbered lines of its own could be mistaken for the next segments: it goes alone.
      const alone = /\n[ \t]*\d+\./.test(seg.text);
      if (alone) flush();
      const t = estimateTokens(seg.text) + 2; // + the segment number
      const cost = t + Math.ceil(t * OUTPUT_RATIO);
      if (current.length && (tokens + cost > limits.maxTokens || input + t > limits.maxInputTokens || current.length >= limits.maxSegments)) flush();
      current.push(seg);
      tokens += cost;
      input += t;
      if (alone) flush();
    }
    flush();
  }
  return batches;
}
