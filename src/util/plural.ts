/** The noun for a count: singular for exactly one, else its plural (`-s` unless given). The one rule for "N things" in messages. */
export function plural(n: number, noun: string, many = `${noun}s`): string {
  return n === 1 ? noun : many;
}
