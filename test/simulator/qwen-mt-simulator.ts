import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { QWEN_LANGUAGES } from '../../src/config/qwen-languages.ts';
import { fakeTranslate, type FakeMode } from './fake-translate.ts';
import { SIM_PROMPT_OVERHEAD, simTokens } from './sim-tokenizer.ts';

/** A fault the simulator serves to the next request, or at random with `*Rate` knobs. */
export type Fault = '429' | '429-quota' | '500' | '503' | 'reset' | 'hang' | 'truncate' | 'drop-token' | 'misalign' | 'inspection';

/** A hostile reply: the fake translation rewritten as a misbehaving model would answer. Plain JSON, so `POST /__config` takes it too. */
export interface ReplyTamper {
  /** Only the translations of segments (a packed line, or a whole request) whose text contains this; all when absent. */
  readonly when?: string;
  /** Put before the translation ("Sure! Here is the translation:\n\n"). */
  readonly prepend?: string;
  /** Put after it ("\n2. EXTRA SEGMENT", " {{user.password}}"). */
  readonly append?: string;
  /** The translation this many times over. */
  readonly repeat?: number;
  /** How many segments' translations to tamper with; every one when absent. */
  times?: number;
}

export interface SimulatorKnobs {
  mode: FakeMode;
  /** Expected key; requests with another get 401. Undefined accepts any `Bearer sk-…`. */
  apiKey?: string;
  latencyMs: number;
  jitterMs: number;
  /** Per-second limits, as the service enforces them (RPM/60 requests and TPM/60 tokens in any second). 0 = none. */
  rpm: number;
  tpm: number;
  maxInputTokens: number;
  /** Translate as if `terms` had not been sent (a model that ignores the glossary). */
  ignoreTerms: boolean;
  /** Requests whose text contains any of these are refused by "moderation" (400 data_inspection_failed). */
  moderate: string[];
  /** Faults served to the next requests, in order, before any random ones. */
  script: Fault[];
  /** Replies rewritten as a hostile model would (the first matching rule each), before any fault. */
  tamper: ReplyTamper[];
  errorRate: number;
  throttleRate: number;
  resetRate: number;
  hangRate: number;
  dropTokenRate: number;
  misalignRate: number;
  truncateRate: number;
  seed: number;
  /** `Retry-After` seconds sent with scripted and random 429 and 503 answers. */
  retryAfter?: string;
  /** Send `retryAfter` as an HTTP date that many seconds (rounded up to a whole second) after the answer. */
  retryAfterAsDate?: boolean;
}

export interface SimulatorStats {
  requests: number;
  ok: number;
  byStatus: Record<string, number>;
  resets: number;
  hangs: number;
  promptTokens: number;
  completionTokens: number;
  inFlight: number;
  maxInFlight: number;
  /** Requests whose (model, target, text) had already been answered with 200. */
  duplicates: number;
  /** Highest requests and tokens seen in any one-second window among the accepted requests. */
  peakRequestsPerSecond: number;
  peakTokensPerSecond: number;
  firstAt: number;
  lastAt: number;
}

interface Logged {
  at: number;
  model: string;
  text: string;
  translationOptions: Record<string, unknown>;
  status: number;
  /** When the answer was sent (ms), for faults: a Retry-After window starts here. */
  answeredAt?: number;
  /** The Retry-After header sent, if any. */
  retryAfter?: string;
  /** Billed tokens (prompt + completion) of an answered request, or what a throttled one would have cost. */
  tokens?: number;
  /** Which per-second limit a 429 of the simulator's own enforcement hit. */
  limit?: 'requests' | 'tokens';
}

const DEFAULTS: SimulatorKnobs = {
  mode: 'fake', ignoreTerms: false, moderate: [], latencyMs: 0, jitterMs: 0, rpm: 0, tpm: 0, maxInputTokens: 8192, script: [], tamper: [],
  errorRate: 0, throttleRate: 0, resetRate: 0, hangRate: 0, dropTokenRate: 0, misalignRate: 0, truncateRate: 0, seed: 1,
};

const MODELS = new Set(['qwen-mt-plus', 'qwen-mt-flash', 'qwen-mt-lite', 'qwen-mt-turbo']);
const NON_INCREMENTAL = new Set(['qwen-mt-plus', 'qwen-mt-turbo']);
const LANG_BY_KEY = new Map<string, string>();
for (const l of QWEN_LANGUAGES) {
  LANG_BY_KEY.set(l.name, l.name);
  LANG_BY_KEY.set(l.code, l.name);
}

function emptyStats(): SimulatorStats {
  return { requests: 0, ok: 0, byStatus: {}, resets: 0, hangs: 0, promptTokens: 0, completionTokens: 0, inFlight: 0, maxInFlight: 0, duplicates: 0, peakRequestsPerSecond: 0, peakTokensPerSecond: 0, firstAt: 0, lastAt: 0 };
}

/** A protocol-faithful stand-in for Qwen-MT's compatible-mode endpoint (see shared reference §1–§6). */
export class QwenMtSimulator {
  knobs: SimulatorKnobs;
  stats: SimulatorStats = emptyStats();
  readonly log: Logged[] = [];
  private server: http.Server;
  private readonly sockets = new Set<Socket>();
  private window: { at: number; tokens: number }[] = [];
  private answered = new Set<string>();
  private rng: number;

  constructor(knobs: Partial<SimulatorKnobs> = {}) {
    this.knobs = { ...DEFAULTS, ...knobs, script: [...(knobs.script ?? [])], tamper: [...(knobs.tamper ?? [])] };
    this.rng = this.knobs.seed;
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, host, resolve));
    return this.baseUrl;
  }

  get baseUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/compatible-mode/v1`;
  }

  private held?: Promise<void>;

  /** Answers wait (after their latency) until the returned function is called: a run kept busy exactly as long as a test needs. */
  hold(): () => void {
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    return () => {
      this.held = undefined;
      release();
    };
  }

  configure(knobs: Partial<SimulatorKnobs>): void {
    Object.assign(this.knobs, knobs);
  }

  reset(): void {
    this.stats = emptyStats();
    this.log.length = 0;
    this.window = [];
    this.answered.clear();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private random(): number {
    // mulberry32: repeatable faults for a given seed
    let t = (this.rng += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private nextFault(): Fault | undefined {
    const scripted = this.knobs.script.shift();
    if (scripted) return scripted;
    const k = this.knobs;
    const r = this.random();
    let acc = 0;
    for (const [rate, fault] of [[k.errorRate, '500'], [k.throttleRate, '429'], [k.resetRate, 'reset'], [k.hangRate, 'hang'], [k.dropTokenRate, 'drop-token'], [k.misalignRate, 'misalign'], [k.truncateRate, 'truncate']] as const) {
      acc += rate;
      if (r < acc) return fault;
    }
    return undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    if (req.method === 'GET' && url.startsWith('/__stats')) return this.json(res, 200, this.stats);
    if (req.method === 'POST' && url.startsWith('/__reset')) {
      this.reset();
      return this.json(res, 200, { ok: true });
    }
    if (req.method === 'POST' && url.startsWith('/__config')) {
      this.configure(JSON.parse(await readBody(req)) as Partial<SimulatorKnobs>);
      return this.json(res, 200, this.knobs);
    }
    if (req.method !== 'POST' || !url.replace(/\?.*$/, '').endsWith('/chat/completions')) {
      return this.error(res, 404, 'NotFound', 'Not found', 'invalid_request_error');
    }
    this.stats.requests++;
    this.stats.inFlight++;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.stats.inFlight);
    try {
      await this.complete(req, res);
    } finally {
      this.stats.inFlight--;
    }
  }

  private async complete(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const auth = req.headers.authorization ?? '';
    const key = /^Bearer (\S+)$/.exec(auth)?.[1];
    if (!key || (this.knobs.apiKey !== undefined ? key !== this.knobs.apiKey : !key.startsWith('sk-'))) {
      return this.error(res, 401, 'invalid_api_key', 'Incorrect API key provided. ', 'invalid_request_error');
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return this.error(res, 400, 'invalid_parameter_error', '<400> InternalError.Algo.InvalidParameter: Required body invalid, please check the request body format.');
    }
    const model = body.model;
    if (typeof model !== 'string' || !model) return this.error(res, 400, 'invalid_request_error', 'you must provide a model parameter.', 'invalid_request_error');
    if (!MODELS.has(model)) return this.error(res, 404, 'model_not_found', `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error');
    const messages = body.messages;
    if (!Array.isArray(messages) || messages.length === 0) return this.error(res, 400, 'invalid_parameter_error', '<400> InternalError.Algo.InvalidParameter: [] is too short');
    const msg = messages[0] as Record<string, unknown>;
    if (messages.length !== 1 || msg.role !== 'user') return this.error(res, 500, 'internal_error', 'Role must be in [user, assistant]', 'internal_error');
    if (typeof msg.content !== 'string') return this.error(res, 400, 'invalid_parameter_error', '<400> InternalError.Algo.InvalidParameter: input content must be a string.');
    const options = body.translation_options as Record<string, unknown> | undefined;
    const target = LANG_BY_KEY.get(String(options?.target_lang ?? ''));
    const source = options?.source_lang === 'auto' ? 'auto' : LANG_BY_KEY.get(String(options?.source_lang ?? ''));
    if (!options || !source || !target) return this.error(res, 400, 'invalid_parameter_error', '<400> InternalError.Algo.InvalidParameter: 暂时不支持当前设置的语种！');
    const terms = Array.isArray(options.terms) ? (options.terms as { source: string; target: string }[]) : [];
    const extra = JSON.stringify(options.terms ?? '') + JSON.stringify(options.tm_list ?? '') + String(options.domains ?? '');
    const promptTokens = simTokens(msg.content) + SIM_PROMPT_OVERHEAD + (extra.length > 4 ? simTokens(extra) : 0);
    this.log.push({ at: Date.now(), model, text: msg.content, translationOptions: options, status: 0 });
    if (this.log.length > 5000) this.log.shift();
    const entry = this.log[this.log.length - 1];
    if (simTokens(msg.content) > this.knobs.maxInputTokens || promptTokens > this.knobs.maxInputTokens + SIM_PROMPT_OVERHEAD * 2) {
      entry.status = 400;
      return this.error(res, 400, 'invalid_parameter_error', `<400> InternalError.Algo.InvalidParameter: Range of input length should be [1, ${this.knobs.maxInputTokens}]`);
    }
    let text = fakeTranslate(msg.content, target, this.knobs.mode, this.knobs.ignoreTerms ? [] : terms);
    text = this.tamper(msg.content, text);
    const completionTokens = simTokens(text);

    const content = msg.content;
    const fault = this.knobs.moderate.some((m) => content.includes(m)) ? 'inspection' : this.nextFault();
    if (fault === 'reset') {
      this.stats.resets++;
      req.socket.destroy();
      return;
    }
    if (fault === 'hang') {
      this.stats.hangs++;
      return; // never answers; the socket is destroyed on close()
    }
    // Limits are checked when a request arrives, as the service does; a throttled request is answered at once.
    entry.tokens = promptTokens + completionTokens;
    if (!fault && !this.admit(promptTokens + completionTokens)) {
      entry.status = 429;
      const byTokens = this.knobs.tpm > 0 && this.lastRejectByTokens;
      entry.limit = byTokens ? 'tokens' : 'requests';
      return byTokens
        ? this.error(res, 429, 'insufficient_quota', 'Allocated quota exceeded, please increase your quota limit.', 'insufficient_quota')
        : this.error(res, 429, 'limit_requests', 'Requests rate limit exceeded, please try again later.', 'limit_requests');
    }
    const delay = this.knobs.latencyMs + (this.knobs.jitterMs ? (this.random() * 2 - 1) * this.knobs.jitterMs : 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (this.held) await this.held;
    if (fault === '500') return this.error(res, 500, 'internal_error', 'An internal error has occured, please try again later or contact service support.', 'internal_error');
    if (fault === '503' || fault === '429') {
      entry.status = Number(fault);
      entry.answeredAt = Date.now();
      const after = this.knobs.retryAfter;
      if (after) entry.retryAfter = this.knobs.retryAfterAsDate ? new Date(Math.ceil((entry.answeredAt + Number(after) * 1000) / 1000) * 1000).toUTCString() : after;
      const headers: Record<string, string> = entry.retryAfter ? { 'retry-after': entry.retryAfter } : {};
      return fault === '503'
        ? this.error(res, 503, 'ModelServingError', 'Too many requests. Your requests are being throttled due to system capacity limits. Please try again later.', 'ModelServingError', headers)
        : this.error(res, 429, 'limit_requests', 'Requests rate limit exceeded, please try again later.', 'limit_requests', headers);
    }
    if (fault === '429-quota') return this.error(res, 429, 'insufficient_quota', 'Free allocated quota exceeded.', 'insufficient_quota');
    if (fault === 'inspection') return this.error(res, 400, 'data_inspection_failed', 'Input data may contain inappropriate content.', 'data_inspection_failed');
    let finish: 'stop' | 'length' = 'stop';
    if (fault === 'drop-token') text = text.replace(/\{\d+\}/, '');
    if (fault === 'misalign') text = text.replace(/\n2\. ?/, ' ');
    if (fault === 'truncate') {
      text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
      finish = 'length';
    }
    // The same text under another domain hint (a plural form told its counts) is another request.
    const dupKey = `${model}\u0000${target}\u0000${String(options.domains ?? '')}\u0000${msg.content}`;
    if (this.answered.has(dupKey)) this.stats.duplicates++;
    this.answered.add(dupKey);
    this.stats.ok++;
    this.stats.byStatus['200'] = (this.stats.byStatus['200'] ?? 0) + 1;
    this.stats.promptTokens += promptTokens;
    this.stats.completionTokens += completionTokens;
    entry.status = 200;
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens, completion_tokens_details: null, prompt_tokens_details: null };
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    if (body.stream === true) return this.stream(res, { id, created, model, text, finish, usage, includeUsage: (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true });
    this.json(res, 200, {
      id,
      choices: [{ finish_reason: finish, index: 0, logprobs: null, message: { content: text, refusal: null, role: 'assistant', annotations: null, audio: null, function_call: null, tool_calls: null } }],
      created, model, object: 'chat.completion', service_tier: null, system_fingerprint: null, usage,
    });
  }

  /** Rewrites the translation of each segment (a packed line, or the whole text) that a tamper rule matches. */
  private tamper(request: string, text: string): string {
    const packed = /\n(?=\d+\. )/;
    const sources = request.split(packed);
    const replies = text.split(packed);
    if (sources.length !== replies.length) return this.tamperOne(request, text);
    return replies.map((reply, i) => {
      const marker = sources.length > 1 ? (/^\d+\. /.exec(reply)?.[0] ?? '') : '';
      return marker + this.tamperOne(sources[i], reply.slice(marker.length));
    }).join('\n');
  }

  private tamperOne(source: string, text: string): string {
    const rule = this.knobs.tamper.find((t) => (t.times === undefined || t.times > 0) && (t.when === undefined || source.includes(t.when)));
    if (!rule) return text;
    if (rule.times !== undefined) rule.times--;
    return (rule.prepend ?? '') + text.repeat(rule.repeat ?? 1) + (rule.append ?? '');
  }

  private lastRejectByTokens = false;

  /** Per-second enforcement over a sliding one-second window of accepted requests. */
  private admit(tokens: number): boolean {
    const now = Date.now();
    this.window = this.window.filter((w) => now - w.at < 1000);
    const rps = this.knobs.rpm / 60;
    const tps = this.knobs.tpm / 60;
    const used = this.window.reduce((s, w) => s + w.tokens, 0);
    if (rps > 0 && this.window.length + 1 > Math.max(1, rps)) {
      this.lastRejectByTokens = false;
      return false;
    }
    if (tps > 0 && used + tokens > Math.max(tps, tokens)) {
      this.lastRejectByTokens = true;
      return false;
    }
    this.window.push({ at: now, tokens });
    this.stats.peakRequestsPerSecond = Math.max(this.stats.peakRequestsPerSecond, this.window.length);
    this.stats.peakTokensPerSecond = Math.max(this.stats.peakTokensPerSecond, used + tokens);
    if (!this.stats.firstAt) this.stats.firstAt = now;
    this.stats.lastAt = now;
    return true;
  }

  private stream(res: http.ServerResponse, r: { id: string; created: number; model: string; text: string; finish: string; usage: object; includeUsage: boolean }): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (delta: object, finish: string | null, usage: object | null = null, choices = true) =>
      `data: ${JSON.stringify({ id: r.id, choices: choices ? [{ delta: { content: '', function_call: null, refusal: null, role: null, tool_calls: null, ...delta }, finish_reason: finish, index: 0, logprobs: null }] : [], created: r.created, model: r.model, object: 'chat.completion.chunk', service_tier: null, system_fingerprint: null, usage })}\n\n`;
    const pieces = r.text.match(/\s*\S+/g) ?? [r.text];
    const incremental = !NON_INCREMENTAL.has(r.model);
    let out = chunk({ role: 'assistant', content: '' }, null);
    let sofar = '';
    for (const p of pieces) {
      sofar += p;
      out += chunk({ content: incremental ? p : sofar }, null);
    }
    out += chunk({ content: incremental ? '' : sofar }, r.finish);
    if (r.includeUsage) out += chunk({}, null, r.usage, false);
    out += 'data: [DONE]\n\n';
    res.end(out);
  }

  private error(res: http.ServerResponse, status: number, code: string, message: string, type = 'invalid_request_error', headers: Record<string, string> = {}): void {
    this.stats.byStatus[String(status)] = (this.stats.byStatus[String(status)] ?? 0) + 1;
    const requestId = randomUUID();
    this.json(res, status, { error: { message, type, param: null, code }, id: `chatcmpl-${requestId}`, request_id: requestId }, headers);
  }

  private json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
