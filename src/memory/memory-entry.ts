/** One remembered translation, in protected form (`{0}` stands for the source's first placeholder). */
export interface MemoryEntry {
  readonly key: string;
  readonly source: string;
  readonly target: string;
  readonly model: string;
  /** When it was translated, ISO 8601. */
  readonly at: string;
}

/** One line of a memory file, or undefined if it is not an entry (a line cut short by a crash). */
export function parseEntry(line: string): MemoryEntry | undefined {
  try {
    const e = JSON.parse(line) as MemoryEntry;
    return typeof e?.key === 'string' && typeof e.target === 'string' ? e : undefined;
  } catch {
    return undefined;
  }
}
