import { Agent, request } from 'undici';
import { classifyHttpError, parseErrorBody } from './classify-error.ts';
import type { Provider, TranslateRequest, TranslateResult } from './provider.ts';
import { ProviderError } from '../errors/provider-error.ts';
import { readSse } from './read-sse.ts';
import { readCapped, replyByteLimit, replyTooLarge } from './reply-size-cap.ts';
import { parseRetryAfter } from './retry-after.ts';
import { requestSignal } from '../util/request-signal.ts';

export interface QwenMtOptions {
  /** e.g. `https://dashscope.aliyuncs.com/compatible-mode/v1`; the client posts to `{baseUrl}/chat/completions`. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly region: string;
  readonly timeoutMs: number;
  readonly stream: boolean;
  /** Whether streamed chunks carry only new text (flash, lite) rather than the whole text so far. */
  readonly incrementalStream: boolean;
  readonly maxConnections?: number;
}

interface Choice {
  finish_reason?: string | null;
  message?: { content?: string | null };
  delta?: { content?: string | null };
}
interface Completion {
  choices?: Choice[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

/** Qwen-MT through its OpenAI-compatible chat-completions endpoint. */
export class QwenMtProvider implements Provider {
  readonly name = 'qwen-mt';
  private readonly agent: Agent;
  private readonly url: string;

  constructor(private readonly options: QwenMtOptions) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    this.agent = new Agent({ connections: options.maxConnections ?? 64, keepAliveTimeout: 30_000, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  }

  async translate(req: TranslateRequest): Promise<TranslateResult> {
    const translationOptions: Record<string, unknown> = { source_lang: req.sourceLang, target_lang: req.targetLang };
    if (req.terms?.length) translationOptions.terms = req.terms;
    if (req.tmList?.length) translationOptions.tm_list = req.tmList;
    if (req.domains) translationOptions.domains = req.domains;
    const body: Record<string, unknown> = {
      model: req.model,
      messages: [{ role: 'user', content: req.text }],
      translation_options: translationOptions,
    };
    if (this.options.stream) Object.assign(body, { stream: true, stream_options: { include_usage: true } });

    const payload = JSON.stringify(body);
    const limit = replyByteLimit(Buffer.byteLength(payload));
    const { signal, timedOut, done } = requestSignal(req.signal, this.options.timeoutMs);
    try {
      const res = await request(this.url, {
        method: 'POST',
        dispatcher: this.agent,
        signal,
        headers: { authorization: `Bearer ${this.options.apiKey}`, 'content-type': 'application/json', accept: this.options.stream ? 'text/event-stream' : 'application/json' },
        body: payload,
      });
      if (res.statusCode !== 200) {
        const raw = await readCapped(res.body, limit);
        throw classifyHttpError(res.statusCode, parseErrorBody(raw), this.options.region, parseRetryAfter(res.headers['retry-after']));
      }
      return this.options.stream ? await this.readStream(res.body, limit) : this.readCompletion(await readCapped(res.body, limit));
    } catch (error) {
      throw this.asProviderError(error, timedOut());
    } finally {
      done();
    }
  }

  private readCompletion(raw: string): TranslateResult {
    let json: Completion;
    try {
      json = JSON.parse(raw) as Completion;
    } catch {
      throw new ProviderError('transient', 'Qwen-MT sent a reply that is not JSON');
    }
    const choice = json.choices?.[0];
    const text = choice?.message?.content;
    if (typeof text !== 'string') throw new ProviderError('transient', 'Qwen-MT sent a reply without choices[0].message.content');
    return {
      text,
      finishReason: choice?.finish_reason === 'length' ? 'length' : 'stop',
      promptTokens: json.usage?.prompt_tokens ?? 0,
      completionTokens: json.usage?.completion_tokens ?? 0,
    };
  }

  /** A stream's framing repeats per chunk, so its cap applies to each event and to the text it builds, not to its bytes. */
  private async readStream(body: AsyncIterable<Buffer>, limit: number): Promise<TranslateResult> {
    let text = '';
    let finish: string | null | undefined;
    let usage: Completion['usage'];
    let done = false;
    for await (const data of readSse(body, limit, () => replyTooLarge(limit))) {
      if (data === '[DONE]') {
        done = true;
        break;
      }
      let chunk: Completion;
      try {
        chunk = JSON.parse(data) as Completion;
      } catch {
        throw new ProviderError('transient', 'Qwen-MT sent a stream chunk that is not JSON');
      }
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const piece = choice.delta?.content ?? '';
      // plus and turbo resend the whole text so far in every chunk.
      if (this.options.incrementalStream) text += piece;
      else if (piece) text = piece;
      if (text.length > limit) throw replyTooLarge(limit);
      if (choice.finish_reason) finish = choice.finish_reason;
    }
    if (!done && !finish) throw new ProviderError('transient', 'Qwen-MT stream ended before its last chunk');
    return { text, finishReason: finish === 'length' ? 'length' : 'stop', promptTokens: usage?.prompt_tokens ?? 0, completionTokens: usage?.completion_tokens ?? 0 };
  }

  private asProviderError(error: unknown, timedOut: boolean): ProviderError {
    if (error instanceof ProviderError) return error;
    const err = error as { name?: string; code?: string; message?: string };
    if (timedOut || err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT') {
      return new ProviderError('transient', `Qwen-MT did not answer within ${this.options.timeoutMs} ms`);
    }
    if (err.name === 'AbortError') return new ProviderError('transient', 'request cancelled');
    return new ProviderError('transient', `connection to Qwen-MT failed: ${err.code ?? err.message ?? String(error)}`);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
