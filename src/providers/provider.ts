/** A glossary entry or memory example, as Qwen-MT's `translation_options` takes them. */
export interface TextPair {
  readonly source: string;
  readonly target: string;
}

export interface TranslateRequest {
  readonly text: string;
  /** Qwen-MT English language names. */
  readonly sourceLang: string;
  readonly targetLang: string;
  readonly model: string;
  readonly terms?: readonly TextPair[];
  readonly tmList?: readonly TextPair[];
  readonly domains?: string;
  readonly signal?: AbortSignal;
}

export interface TranslateResult {
  readonly text: string;
  readonly finishReason: 'stop' | 'length';
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** Anything that turns one text into another language. Providers never know formats. */
export interface Provider {
  readonly name: string;
  translate(request: TranslateRequest): Promise<TranslateResult>;
  close(): Promise<void>;
}
