/**
 * `parent` and a child's part joined by `separator` into one flat string: `${a}/${b}` would be a rope
 * of three nodes besides its parts (some 130 bytes where this takes 40), and a run keeps an id per unit.
 */
export function childId(parent: string, separator: '/' | '@', part: string | number): string {
  return [parent, part].join(separator);
}
