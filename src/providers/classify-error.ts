import { ProviderError, type ErrorKind } from '../errors/provider-error.ts';

export interface ErrorBody {
  readonly code?: string;
  readonly type?: string;
  readonly message?: string;
}

/** Reads the OpenAI-style envelope `{"error":{…}}` or the native `{code, message}` body. */
export function parseErrorBody(raw: string): ErrorBody {
  try {
    const json: unknown = JSON.parse(raw);
    if (json && typeof json === 'object') {
      const obj = json as Record<string, unknown>;
      const inner = (obj.error && typeof obj.error === 'object' ? obj.error : obj) as Record<string, unknown>;
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      return { code: str(inner.code), type: str(inner.type), message: str(inner.message) };
    }
  } catch {
    // not JSON: a proxy's HTML page, say
  }
  return { message: raw.slice(0, 200).trim() || undefined };
}

const QUOTA_GONE = /free allocated quota exceeded|free tier|freetieronly|commoditynotpurchased|billoverdue|arrearage|good standing/i;

/** Maps an HTTP status and error body to what the pipeline should do (see the reference's error table). */
export function classifyHttpError(status: number, body: ErrorBody, region: string, retryAfterMs?: number): ProviderError {
  const code = body.code ?? body.type ?? '';
  const message = (body.message ?? '').replace(/\s+$/, '');
  const said = `${status} ${code}${message ? `: ${message}` : ''}`.trim();
  const kind = ((): ErrorKind => {
    if (QUOTA_GONE.test(`${code} ${message}`)) return 'fatal';
    if (status === 429) return 'throttled';
    if (status === 400 && /data_inspection_failed|DataInspectionFailed/i.test(code + message)) return 'content';
    if (status === 400 && /input length|too long|max_tokens/i.test(message)) return 'content';
    if (status === 500 && /Role must be in/i.test(message)) return 'fatal';
    if (status >= 500 || status === 408) return 'transient';
    return 'fatal';
  })();
  if (status === 401) {
    return new ProviderError('fatal', `Qwen-MT rejected the API key (${said}); keys are region-bound: this key must belong to the ${region} region of the base URL, or set provider.region / DASHSCOPE_BASE_URL to the key's region`, status, code);
  }
  if (kind === 'fatal' && status === 429) {
    return new ProviderError('fatal', `Qwen-MT quota exhausted (${said}); retrying cannot help: top up the account or turn off "free tier only"`, status, code);
  }
  return new ProviderError(kind, `Qwen-MT ${said}`, status, code, status === 429 || status === 503 ? retryAfterMs : undefined);
}
