/** The longest pause a Retry-After may ask for: a broken proxy must not park every worker for days. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * Milliseconds an HTTP `Retry-After` asks to wait: delay-seconds (`2`, `1.5`) or an HTTP date
 * (`Wed, 02 Dec 2026 01:40:00 GMT`); undefined when absent or unreadable. Capped at MAX_RETRY_AFTER_MS.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(raw)) ms = Number(raw) * 1000;
  else {
    const at = Date.parse(raw);
    if (Number.isNaN(at) || !/[a-z]/i.test(raw)) return undefined;
    ms = at - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms)));
}
