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
  /** The first unit not yet asked for when the last string was read back. */
  private next = 0;

  /** `ids`: the units' ids as the render asks for them (filled while it runs). */
  constructor(
    private readonly ids: readonly string[],
    count: number,
  ) {
    this.bytes = new Uint8Array(count * WIDTH);
    this.found = new Uint8Array(count);
  }

  /**
   * One string of the target as read back: its units' ids and texts, in order. They are among the units
   * asked for since the last string (a string that is no unit has none of them), so only those are searched.
   */
  add(units: ReadonlyArray<readonly [string, string]>): void {
    const end = this.ids.length;
    let i = this.next;
    for (const [id, text] of units) {
      let j = i;
      while (j < end && this.ids[j] !== id) j++;
      if (j === end) continue;
      const hash = contentHash(text);
      for (let c = 0; c < WIDTH; c++) this.bytes[j * WIDTH + c] = hash.charCodeAt(c);
      this.found[j] = 1;
      i = j + 1;
    }
    this.next = end;
  }

  at(index: number): string | undefined {
    return this.found[index] ? String.fromCharCode(...this.bytes.subarray(index * WIDTH, (index + 1) * WIDTH)) : undefined;
  }
}
