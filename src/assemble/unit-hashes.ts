import { contentHash } from '../segments/hash.ts';

const WIDTH = 22;

/**
 * The hash of each unit's text as read back from the target being written, by the unit's place: 22
 * bytes each in one array, not a map from every id. The reading gives the units in their order, each
 * after the render asked for it, with strings that are no unit (nothing to translate) in between.
 */
export class UnitHashes {
  private readonly bytes: Uint8Array;
  private readonly found: Uint8Array;
  private next = 0;

  /** `ids`: the units' ids as the render asks for them (filled while it runs). */
  constructor(
    private readonly ids: readonly string[],
    count: number,
  ) {
    this.bytes = new Uint8Array(count * WIDTH);
    this.found = new Uint8Array(count);
  }

  /** A text the reading gives `id`: a unit's, hashed at its place; a string that is no unit is passed over. */
  add(id: string, text: string): void {
    for (let i = this.next; i < this.ids.length; i++) {
      if (this.ids[i] !== id) continue;
      const hash = contentHash(text);
      for (let c = 0; c < WIDTH; c++) this.bytes[i * WIDTH + c] = hash.charCodeAt(c);
      this.found[i] = 1;
      this.next = i + 1;
      return;
    }
  }

  at(index: number): string | undefined {
    return this.found[index] ? String.fromCharCode(...this.bytes.subarray(index * WIDTH, (index + 1) * WIDTH)) : undefined;
  }
}
