import type { TextPair } from '../providers/provider.ts';
import type { SegmentPayload } from '../segments/segment.ts';

/** Bumped when a payload's shape changes, so old workers refuse new jobs instead of misreading them (2: `check` is a format name). */
export const PAYLOAD_VERSION = 2;

/** One packed request: segments of one locale and context. Plain JSON; nothing secret. */
export interface TranslateJobData {
  readonly v: typeof PAYLOAD_VERSION;
  readonly provider: 'qwen-mt' | 'pseudo';
  readonly model: string;
  readonly sourceLang: string;
  readonly targetLang: string;
  readonly domains?: string;
  readonly terms?: readonly TextPair[];
  readonly tmList?: readonly TextPair[];
  readonly segments: readonly SegmentPayload[];
}

export interface TranslateJobResult {
  readonly v: typeof PAYLOAD_VERSION;
  /** Memory key → translation in protected form. */
  readonly translations: Record<string, string>;
  /** Memory key → why it could not be translated. */
  readonly failures: Record<string, string>;
  readonly requests: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Packed requests split in two after a mismatch. */
  readonly splits: number;
  readonly retries: number;
  readonly throttled: number;
}
