import { createHash } from 'node:crypto';

/** A short, stable content hash (sha256, base64url, 22 chars = 132 bits). */
export function contentHash(...parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(String(p.length));
    h.update(':');
    h.update(p);
  }
  return h.digest('base64url').slice(0, 22);
}
