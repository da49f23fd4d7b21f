import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { appendFile, mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { readLineAt, readLines, readLinesSync } from '../files/line-file.ts';
import { writeAtomic } from '../files/write-atomic.ts';
import { KeyOffsets } from './key-offsets.ts';
import { parseEntry, type MemoryEntry } from './memory-entry.ts';
import { closest, wordIndex, type WordIndex } from './word-index.ts';

export interface MemoryStoreOptions {
  /** How many `tm_list` examples `examples` may be asked for; 0 builds no word index. */
  readonly examples?: number;
}

/** What the store keeps of one locale's file: where each entry is, never the entries themselves. */
interface LocaleMemory {
  /** Memory key → byte offset of its latest line. */
  offsets: KeyOffsets;
  /** For `tm_list` examples: built when first asked for, dropped when the file grows (a run appending a million entries keeps none). */
  index?: WordIndex;
  /** Lines in the file, superseded ones included. */
  lines: number;
  fd?: number;
  /** Open for appending, and the file's size as this store last wrote it. */
  writer?: FileHandle;
  size?: number;
  /** Size and modification time of the file when it was last read again from the start. */
  scanned?: string;
  /** The file's size when this store last read or appended to it: larger later, another process appended. */
  seen?: number;
}

/**
 * The translation memory: one JSON-lines file per locale in the project (default `.translate-locales/memory/`).
 * Entries are appended as translations arrive, so a crash loses nothing paid for; later lines win.
 * Only keys and byte offsets stay in memory; an entry is read from its line when asked for, so a
 * memory of a large project costs a few dozen bytes per entry, not its texts.
 */
/** Where compaction last read the old file: its descriptor and size then. */
interface LastReading {
  fd?: number;
  end: number;
}

export class MemoryStore {
  private readonly locales = new Map<string, LocaleMemory>();
  private appending: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly options: MemoryStoreOptions = {},
  ) {}

  /** The file of one locale's memory, relative to the memory folder. */
  static fileName(locale: string): string {
    return path.join('memory', `${locale}.jsonl`);
  }

  private file(locale: string): string {
    return path.join(this.dir, MemoryStore.fileName(locale));
  }

  async load(locale: string): Promise<void> {
    if (this.locales.has(locale)) return;
    const memory: LocaleMemory = { offsets: new KeyOffsets(), lines: 0 };
    // Taken first: what another process appends while this reads makes the file larger than `seen`, never smaller.
    memory.seen = await stat(this.file(locale)).then((s) => s.size, () => 0);
    for await (const line of readLines(this.file(locale))) {
      if (!line.text.trim()) continue;
      memory.lines++;
      const e = parseEntry(line.text);
      // A line cut short by a crash parses as nothing: that entry is simply translated again.
      if (e) memory.offsets.set(e.key, line.offset);
    }
    this.locales.set(locale, memory);
  }

  /** The word index of the latest line of each key, read from the file when first needed. */
  private indexOf(locale: string, memory: LocaleMemory): WordIndex {
    memory.fd ??= openSync(this.file(locale), 'r');
    return (memory.index ??= wordIndex(readLinesSync(memory.fd), (line) => {
      const e = line.text.trim() ? parseEntry(line.text) : undefined;
      return e && memory.offsets.get(e.key) === line.offset ? e.source : undefined;
    }));
  }

  private read(locale: string, memory: LocaleMemory, offset: number): MemoryEntry | undefined {
    memory.fd ??= openSync(this.file(locale), 'r');
    return parseEntry(readLineAt(memory.fd, offset));
  }

  has(locale: string, key: string): boolean {
    return this.locales.get(locale)?.offsets.has(key) ?? false;
  }

  get(locale: string, key: string): MemoryEntry | undefined {
    const memory = this.locales.get(locale);
    const offset = memory?.offsets.get(key);
    if (!memory || offset === undefined) return undefined;
    const entry = this.read(locale, memory, offset);
    if (entry?.key === key) return entry;
    // Another process wrote to the file under us: find every line again (once per change of the file), rather than return a stranger's entry.
    const version = fileVersion(memory.fd!);
    if (memory.scanned === version) return undefined;
    this.rescan(locale, memory);
    memory.scanned = version;
    const again = memory.offsets.get(key);
    const found = again === undefined ? undefined : this.read(locale, memory, again);
    return found?.key === key ? found : undefined;
  }

  private rescan(locale: string, memory: LocaleMemory): void {
    memory.offsets = new KeyOffsets();
    memory.index = undefined;
    memory.lines = 0;
    memory.fd ??= openSync(this.file(locale), 'r');
    for (const line of readLinesSync(memory.fd)) {
      if (!line.text.trim()) continue;
      memory.lines++;
      const e = parseEntry(line.text);
      if (e) memory.offsets.set(e.key, line.offset);
    }
    memory.seen = fstatSync(memory.fd).size;
    if (memory.size !== undefined) memory.size = memory.seen;
  }

  /** Drops an entry (one that failed a check when read): it is not reused, offered as an example or kept by `compact`. */
  forget(locale: string, key: string): void {
    this.locales.get(locale)?.offsets.delete(key);
  }

  /**
   * Up to `count` remembered translations closest to `text` (most shared words), as examples for
   * Qwen-MT's `tm_list`. Exact repeats are not examples: they never reach a request.
   */
  examples(locale: string, text: string, count: number): { source: string; target: string }[] {
    const memory = this.locales.get(locale);
    if (count <= 0 || !this.options.examples || !memory?.offsets.size) return [];
    const out: { source: string; target: string }[] = [];
    for (const offset of closest(this.indexOf(locale, memory), text)) {
      const e = this.read(locale, memory, offset);
      // Only an entry's latest line, and never a forgotten one.
      if (e && memory.offsets.get(e.key) === offset) out.push({ source: e.source, target: e.target });
      if (out.length >= count) break;
    }
    return out;
  }

  /** Records translations durably before anything else relies on them. */
  add(locale: string, batch: readonly MemoryEntry[]): Promise<void> {
    // One append at a time: each computes its lines' offsets from the size the last one left.
    const done = this.appending.then(() => this.append(locale, batch));
    this.appending = done.catch(() => {});
    return done;
  }

  private async append(locale: string, batch: readonly MemoryEntry[]): Promise<void> {
    if (!batch.length) return;
    await this.load(locale);
    const memory = this.locales.get(locale)!;
    const file = this.file(locale);
    let cut = false;
    if (!memory.writer) {
      await mkdir(path.dirname(file), { recursive: true });
      memory.writer = await open(file, 'a');
      memory.size = (await memory.writer.stat()).size;
      // After a line cut short by a crash, start on a new line so the first entry is not glued to it.
      cut = memory.size > 0 && readLineAt((memory.fd ??= openSync(file, 'r')), memory.size - 1) !== '';
    }
    const lines = batch.map((e) => JSON.stringify(e));
    const text = (cut ? '\n' : '') + lines.join('\n') + '\n';
    await memory.writer.write(text);
    // Offsets follow from the size this store last saw; if another process appended meanwhile, `get` finds out and reads the file again.
    let offset = memory.size! + (cut ? 1 : 0);
    batch.forEach((e, i) => {
      memory.offsets.set(e.key, offset);
      offset += Buffer.byteLength(lines[i]) + 1;
    });
    if (memory.seen === memory.size) memory.seen = offset;
    memory.size = offset;
    memory.index = undefined;
    memory.lines += batch.length;
  }

  /**
   * Rewrites a locale's file sorted and without superseded lines, only if that changes it. Another
   * process may append to the same file: what it appended before or during the rewrite is kept.
   */
  async compact(locale: string): Promise<void> {
    await this.appending;
    const memory = this.locales.get(locale);
    if (!memory?.lines) return;
    // Read again only if another process appended since: otherwise the counts are exact as they stand.
    const size = await stat(this.file(locale)).then((s) => s.size, () => -1);
    if (size !== memory.seen) this.rescan(locale, memory);
    if (memory.lines === memory.offsets.size) return;
    const rewritten: LocaleMemory = { offsets: new KeyOffsets(), lines: 0 };
    const last: LastReading = { end: 0 };
    const file = this.file(locale);
    await writeAtomic(file, this.sortedLines(locale, memory, rewritten, last));
    // What another process appended to the old file after its last reading, before the rename: carried over.
    const grown = last.fd === undefined ? 0 : fstatSync(last.fd).size - last.end;
    if (grown > 0) {
      const bytes = Buffer.alloc(grown);
      readSync(last.fd!, bytes, 0, grown, last.end);
      await appendFile(file, bytes);
      this.rescan(locale, rewritten);
    }
    if (last.fd !== undefined && last.fd !== memory.fd) closeSync(last.fd);
    await this.closeFile(memory);
    this.locales.set(locale, rewritten);
  }

  /** Each key's latest line, sorted by key, then what was appended since `from` was read; noting where each lands in `into`. */
  private *sortedLines(locale: string, from: LocaleMemory, into: LocaleMemory, last: LastReading): Generator<string> {
    let offset = 0;
    const emit = (e: MemoryEntry): string => {
      const line = JSON.stringify(e) + '\n';
      into.offsets.set(e.key, offset);
      into.lines++;
      offset += Buffer.byteLength(line);
      return line;
    };
    for (const key of [...from.offsets.keys()].sort()) {
      const e = this.read(locale, from, from.offsets.get(key)!);
      if (e?.key === key) yield emit(e);
    }
    // Read last, just before the rename: lines appended meanwhile sit past the offsets `from` knows.
    const now: LocaleMemory = { offsets: new KeyOffsets(), lines: 0, fd: from.fd };
    this.rescan(locale, now);
    last.fd = now.fd;
    last.end = now.seen ?? 0;
    const appended: [string, number][] = [];
    for (const [key, at] of now.offsets) if (at > (from.offsets.get(key) ?? -1)) appended.push([key, at]);
    // In the order they were appended.
    for (const [key, at] of appended.sort((a, b) => a[1] - b[1])) {
      const e = this.read(locale, now, at);
      if (e?.key === key) yield emit(e);
    }
  }

  /** Closes the files read from and appended to; the store reopens them if asked again. */
  async close(): Promise<void> {
    await this.appending;
    for (const memory of this.locales.values()) await this.closeFile(memory);
  }

  private async closeFile(memory: LocaleMemory): Promise<void> {
    if (memory.fd !== undefined) closeSync(memory.fd);
    memory.fd = undefined;
    await memory.writer?.close();
    memory.writer = undefined;
  }
}

function fileVersion(fd: number): string {
  const s = fstatSync(fd);
  return `${s.size}:${s.mtimeMs}`;
}
