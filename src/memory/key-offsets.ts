/** Memory keys as `contentHash` makes them: 22 characters of base64url. */
const HASH_KEY = /^[A-Za-z0-9_-]{22}$/;
const WIDTH = 22;
const EMPTY = 0xffffffff;
const REMOVED = 0xfffffffe;
/** Offsets from here on (a memory file of 4 GiB) go to the map with the other keys. */
const LARGEST = 0xfffffffd;

/**
 * Memory key → byte offset, for a memory of a million entries: keys of the usual shape are kept as 22
 * bytes in one open-addressing table with a 32-bit offset (under 50 bytes an entry), not as a string and
 * a map entry each (about twice that); other keys, and offsets past 4 GiB, in a Map.
 */
export class KeyOffsets {
  private bytes = new Uint8Array(0);
  private offsets = new Uint32Array(0);
  /** Slots holding an entry or a removed one: a probe must always meet an empty slot. */
  private used = 0;
  private live = 0;
  private readonly others = new Map<string, number>();

  get size(): number {
    return this.live + this.others.size;
  }

  get(key: string): number | undefined {
    const slot = HASH_KEY.test(key) ? this.find(key) : -1;
    return slot >= 0 && this.offsets[slot] <= LARGEST ? this.offsets[slot] : this.others.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, offset: number): void {
    this.delete(key);
    if (!HASH_KEY.test(key) || offset > LARGEST) {
      this.others.set(key, offset);
      return;
    }
    if ((this.used + 1) * 4 > this.offsets.length * 3) this.grow();
    const mask = this.offsets.length - 1;
    let slot = hash(key) & mask;
    while (this.offsets[slot] <= LARGEST) slot = (slot + 1) & mask;
    if (this.offsets[slot] === EMPTY) this.used++;
    for (let i = 0; i < WIDTH; i++) this.bytes[slot * WIDTH + i] = key.charCodeAt(i);
    this.offsets[slot] = offset;
    this.live++;
  }

  delete(key: string): boolean {
    if (this.others.delete(key)) return true;
    const slot = HASH_KEY.test(key) ? this.find(key) : -1;
    if (slot < 0) return false;
    this.offsets[slot] = REMOVED;
    this.live--;
    return true;
  }

  [Symbol.iterator](): Generator<[string, number]> {
    return this.entries();
  }

  *keys(): Generator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *entries(): Generator<[string, number]> {
    for (let slot = 0; slot < this.offsets.length; slot++) {
      if (this.offsets[slot] <= LARGEST) yield [String.fromCharCode(...this.bytes.subarray(slot * WIDTH, (slot + 1) * WIDTH)), this.offsets[slot]];
    }
    yield* this.others;
  }

  /** The slot of `key`'s live entry, or -1. */
  private find(key: string): number {
    const mask = this.offsets.length - 1;
    if (mask < 0) return -1;
    for (let slot = hash(key) & mask; this.offsets[slot] !== EMPTY; slot = (slot + 1) & mask) {
      if (this.offsets[slot] !== REMOVED && this.matches(slot, key)) return slot;
    }
    return -1;
  }

  private matches(slot: number, key: string): boolean {
    const at = slot * WIDTH;
    for (let i = 0; i < WIDTH; i++) if (this.bytes[at + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  /** To about half full, moving the entries' bytes (no key is made a string again). */
  private grow(): void {
    const { bytes, offsets } = this;
    const capacity = Math.max(1024, 2 ** Math.ceil(Math.log2((this.live + 1) * 2)));
    this.bytes = new Uint8Array(capacity * WIDTH);
    this.offsets = new Uint32Array(capacity).fill(EMPTY);
    this.used = this.live;
    const mask = capacity - 1;
    for (let from = 0; from < offsets.length; from++) {
      if (offsets[from] > LARGEST) continue;
      const key = bytes.subarray(from * WIDTH, (from + 1) * WIDTH);
      let slot = hash(key) & mask;
      while (this.offsets[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.bytes.set(key, slot * WIDTH);
      this.offsets[slot] = offsets[from];
    }
  }
}

/** FNV-1a over a key's characters or bytes (the key is a hash already: this only spreads it over the table). */
function hash(key: string | Uint8Array): number {
  let h = 0x811c9dc5;
  if (typeof key === 'string') for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  else for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key[i], 0x01000193);
  return h >>> 0;
}
