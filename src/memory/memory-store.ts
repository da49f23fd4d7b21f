import { createReadStream } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { writeAtomic } from '../files/write-atomic.ts';

function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []).slice(0, 200));
}

/** One remembered translation, in protected form (`{0}` stands for the source's first placeholder). */
export interface MemoryEntry {
  readonly key: string;
  readonly source: string;
  readonly target: string;
  readonly model: string;
  /** When it was translated, ISO 8601. */
  readonly at: string;
}

/**
 * The translation memory: one JSON-lines file per locale in the project (default `.translate-locales/memory/`).
 * Entries are appended as translations arrive, so a crash loses nothing paid for; later lines win.
 */
export class MemoryStore {
  private readonly entries = new Map<string, Map<string, MemoryEntry>>();
  private readonly appended = new Map<string, number>();
  private readonly lines = new Map<string, number>();
  private readonly strings = new Map<string, string>();

  constructor(readonly dir: string) {}

  private file(locale: string): string {
    return path.join(this.dir, 'memory', `${locale}.jsonl`);
  }

  async load(locale: string): Promise<Map<string, MemoryEntry>> {
    const cached = this.entries.get(locale);
    if (cached) return cached;
    const map = new Map<string, MemoryEntry>();
    let count = 0;
    // Line by line: a memory of a large project is never one string in memory.
    const lines = createInterface({ input: createReadStream(this.file(locale), 'utf8'), crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (!line.trim()) continue;
        count++;
        try {
          const e = JSON.parse(line) as MemoryEntry;
          if (typeof e.key === 'string' && typeof e.target === 'string') map.set(e.key, this.intern(e));
        } catch {
          // A line cut short by a crash: the entry is simply translated again.
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.entries.set(locale, map);
    this.lines.set(locale, count);
    return map;
  }

  /** Model names and timestamps repeat across thousands of entries: one string each. */
  private intern(e: MemoryEntry): MemoryEntry {
    const shared = (s: string) => {
      const known = this.strings.get(s);
      if (known !== undefined) return known;
      if (this.strings.size < 100_000) this.strings.set(s, s);
      return s;
    };
    return { key: e.key, source: e.source, target: e.target, model: shared(e.model), at: shared(e.at) };
  }

  private readonly index = new Map<string, Map<string, MemoryEntry[]>>();

  /**
   * Up to `count` remembered translations closest to `text` (most shared words), as examples for
   * Qwen-MT's `tm_list`. Exact repeats are not examples: they never reach a request.
   */
  examples(locale: string, text: string, count: number): { source: string; target: string }[] {
    if (count <= 0) return [];
    const map = this.entries.get(locale);
    if (!map?.size) return [];
    let index = this.index.get(locale);
    if (!index) {
      index = new Map();
      for (const e of map.values()) {
        for (const w of words(e.source)) {
          const list = index.get(w) ?? [];
          if (list.length < 64) list.push(e);
          index.set(w, list);
        }
      }
      this.index.set(locale, index);
    }
    const score = new Map<MemoryEntry, number>();
    for (const w of words(text)) for (const e of index.get(w) ?? []) score.set(e, (score.get(e) ?? 0) + 1);
    return [...score.entries()]
      .filter(([, s]) => s >= 2)
      .sort((a, b) => b[1] - a[1] || a[0].key.localeCompare(b[0].key))
      .slice(0, count)
      .map(([e]) => ({ source: e.source, target: e.target }));
  }

  get(locale: string, key: string): MemoryEntry | undefined {
    return this.entries.get(locale)?.get(key);
  }

  /** Records translations durably before anything else relies on them. */
  async add(locale: string, batch: readonly MemoryEntry[]): Promise<void> {
    if (!batch.length) return;
    const map = await this.load(locale);
    await mkdir(path.dirname(this.file(locale)), { recursive: true });
    await appendFile(this.file(locale), batch.map((e) => JSON.stringify(e)).join('\n') + '\n');
    for (const e of batch) map.set(e.key, e);
    this.appended.set(locale, (this.appended.get(locale) ?? 0) + batch.length);
    this.lines.set(locale, (this.lines.get(locale) ?? 0) + batch.length);
  }

  /** Rewrites a locale's file sorted and without superseded lines, only if that changes it. */
  async compact(locale: string): Promise<void> {
    const map = this.entries.get(locale);
    if (!map || (this.lines.get(locale) ?? 0) === map.size) return;
    const sorted = [...map.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    await writeAtomic(this.file(locale), sorted.map((e) => JSON.stringify(e)).join('\n') + '\n');
    this.lines.set(locale, map.size);
  }

  addedCount(): number {
    let n = 0;
    for (const v of this.appended.values()) n += v;
    return n;
  }
}
