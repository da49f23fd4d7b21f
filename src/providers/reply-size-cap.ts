import { ProviderError } from '../errors/provider-error.ts';

/**
 * A reply may be at most this many times its request's bytes, plus a fixed allowance for the
 * response envelope. A translation is rarely over 3 × its source in characters, and JSON may spell
 * each non-ASCII character as a 6-byte `\uXXXX` escape (about 2 × again); 16 × leaves room for both
 * while a runaway model or a hostile endpoint cannot make a worker buffer megabytes per request.
 */
export const REPLY_SIZE_FACTOR = 16;
export const REPLY_SIZE_ALLOWANCE = 64 * 1024;

/** The most bytes a reply to a request of `requestBytes` may have. */
export function replyByteLimit(requestBytes: number): number {
  return requestBytes * REPLY_SIZE_FACTOR + REPLY_SIZE_ALLOWANCE;
}

/** Transient: the next try may well be a normal reply, so the request is retried with backoff. */
export function replyTooLarge(limit: number): ProviderError {
  return new ProviderError('transient', `Qwen-MT's reply passed ${limit} bytes (${REPLY_SIZE_FACTOR} × the request + ${REPLY_SIZE_ALLOWANCE / 1024} KiB); cut off`);
}

/** A body's chunks as they come, cut off with `replyTooLarge` once more than `limit` bytes came. */
export async function* cappedBody(body: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes > limit) throw replyTooLarge(limit);
    yield chunk;
  }
}

/** A whole body as text, cut off once more than `limit` bytes came. */
export async function readCapped(body: AsyncIterable<Buffer>, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of cappedBody(body, limit)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
