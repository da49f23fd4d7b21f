/**
 * One request's abort signal: aborted by `parent` (a worker shutting down) or after `timeoutMs`.
 * Unlike AbortSignal.any, it takes its listener off the parent when the request ends (`done`), so
 * a worker's signal carries one listener per request in flight, never one per request ever made.
 */
export function requestSignal(parent: AbortSignal | undefined, timeoutMs: number): { signal: AbortSignal; timedOut: () => boolean; done: () => void } {
  const controller = new AbortController();
  let expired = false;
  const onAbort = () => controller.abort(parent?.reason);
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException('request timed out', 'TimeoutError'));
  }, timeoutMs);
  if (parent?.aborted) onAbort();
  else parent?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => expired,
    done: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}
