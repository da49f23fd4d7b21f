import { createHash } from 'node:crypto';

/** A short, stable content hash (sha256, base64url, 22 chars = 132 bits). */
export function contentHash(...parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(String(p.length));
    h.update(':');
    h.update(p);
  }
  // The first 22 characters of the digest's base64url, as a string of their own: a slice would keep
  // the whole 43-character digest behind it (a run keeps a key and a hash per unit).
  return Buffer.from(h.digest().toString('base64url', 0, 17), 'latin1').toString('latin1', 0, 22);
}
