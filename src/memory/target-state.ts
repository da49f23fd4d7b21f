import { readFile } from 'node:fs/promises';
import { readLines } from '../files/line-file.ts';
import path from 'node:path';
import type { ContentDigest } from '../files/same-content.ts';
import { writeAtomic } from '../files/write-atomic.ts';
import type { TargetRecords, UnitRecords } from '../formats/format.ts';

/** What the machine last wrote for one unit of one target file. */
export interface UnitRecord {
  /** Memory key of the source it was translated from. */
  readonly source: string;
  /** Hash of the text written. */
  readonly output: string;
  /** A person accepted this text (`translate-locales accept`) as the translation of `source`: it is theirs. */
  readonly reviewed?: boolean;
}

/** On disk: target → unit id → [source key, output hash] (+ "reviewed" when a person accepted it). */
type StateFile = Record<string, Record<string, [string, string] | [string, string, 'reviewed']>>;

const REVIEWED = 'reviewed';
/** A unit id no format gives (none holds a NUL): the line of a target's `written` digest in the state file. */
const WRITTEN = '\u0000written';

/** A target file as a run last wrote it (or found it unchanged): its size and SHA-256. */
export type WrittenDigest = ContentDigest;

/** One flat string: `${a} ${b}` would keep a rope of two nodes besides its parts, some 80 bytes more a unit. */
function pack(source: string, output: string, reviewed: unknown): string {
  return (reviewed ? [source, output, REVIEWED] : [source, output]).join(' ');
}

function unpack(packed: string): UnitRecord {
  const [source, output, reviewed] = packed.split(' ');
  return { source, output, ...(reviewed ? { reviewed: true } : {}) };
}

/** Lines of the state file joined into one piece of text before it is written. */
const LINES_AT_ONCE = 500;

/** One unit's line in the state file. */
function unitLine(id: string, fields: readonly string[], comma: boolean): string {
  return `  ${JSON.stringify(id)}: [${fields.map((f) => JSON.stringify(f)).join(', ')}]${comma ? ',' : ''}\n`;
}

const TARGET_LINE = /^ ("(?:[^"\\]|\\.)*"): \{$/;
const UNIT_LINE = /^  ("(?:[^"\\]|\\.)*"): (\[[^\]]*\])(,?)$/;

/**
 * The state file read a line at a time, as `save` writes it, into packed records, without the whole
 * file's syntax tree; undefined if it is absent, empty or shaped otherwise (JSON.parse then decides).
 */
async function readStateLines(file: string): Promise<Map<string, Map<string, string>> | undefined> {
  const data = new Map<string, Map<string, string>>();
  let units: Map<string, string> | undefined;
  let comma = false;
  let line = 0;
  let closed = false;
  try {
    for await (const { text } of readLines(file)) {
      if (closed) {
        if (text) return undefined;
      } else if (line++ === 0) {
        if (text !== '{') return undefined;
      } else if (units) {
        const m = UNIT_LINE.exec(text);
        if (m && (comma || !units.size)) {
          const [source, output, reviewed, ...more] = JSON.parse(m[2]) as unknown[];
          if (typeof source !== 'string' || typeof output !== 'string' || more.length || source.includes(' ') || output.includes(' ')) return undefined;
          units.set(JSON.parse(m[1]) as string, pack(source, output, reviewed));
          comma = m[3] === ',';
        } else if ((text === ' },' || text === ' }') && !comma) {
          comma = text === ' },';
          units = undefined;
        } else return undefined;
      } else {
        const m = TARGET_LINE.exec(text);
        if (m && (comma || !data.size)) data.set(JSON.parse(m[1]) as string, (units = new Map()));
        else if (text === '}' && !comma) closed = true;
        else return undefined;
      }
    }
  } catch {
    return undefined;
  }
  return closed ? data : undefined;
}

/**
 * Whether every record of a target is one of these units': counted, as a set of a large file's ids would cost
 * more than its records. A count proves it only where no id repeats: one with `@` (an ICU run's, `/a@0`)
 * may be a key's too (`"a@0"`), so then it says no and the caller takes the long way.
 */
function allCurrent(file: ReadonlyMap<string, string>, ids: readonly string[]): boolean {
  let current = 0;
  for (const id of ids) {
    if (id.includes('@')) return false;
    if (file.has(id)) current++;
  }
  return current === file.size;
}

/** A target's records by unit id, kept packed (`source output`) and unpacked when asked for. */
class PackedRecords implements UnitRecords {
  constructor(private readonly packed: ReadonlyMap<string, string>) {}

  get size(): number {
    return this.packed.size;
  }

  has(id: string): boolean {
    return this.packed.has(id);
  }

  get(id: string): UnitRecord | undefined {
    const r = this.packed.get(id);
    return r === undefined ? undefined : unpack(r);
  }
}

/**
 * Per target file and unit, the last machine output (`.translate-locales/state.json`). A target
 * whose text no longer matches was edited by a person: the run keeps it.
 */
export class TargetState {
  /** In memory each record is one string, `source output`: a file of 500,000 strings has as many records. */
  private readonly data = new Map<string, Map<string, string>>();
  /** Targets as a run last wrote them with no person's text in them (on disk: `"\u0000written": [sha256, size]`). */
  private readonly written = new Map<string, WrittenDigest>();
  private dirty = false;

  constructor(private readonly file: string) {}

  static in(dir: string): TargetState {
    return new TargetState(path.join(dir, 'state.json'));
  }

  async load(): Promise<void> {
    // As `save` writes it, a line at a time; otherwise (edited by hand, or older) parsed whole.
    const lines = await readStateLines(this.file);
    if (lines) {
      for (const [target, units] of lines) {
        const written = units.get(WRITTEN);
        units.delete(WRITTEN);
        if (written !== undefined) this.noteWritten(target, unpack(written), units.values());
        this.data.set(target, units);
      }
      return;
    }
    let parsed: StateFile;
    try {
      parsed = JSON.parse(await readFile(this.file, 'utf8')) as StateFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const [target, units] of Object.entries(parsed)) {
      const map = new Map<string, string>();
      for (const [unit, [source, output, reviewed]] of Object.entries(units)) if (unit !== WRITTEN) map.set(unit, pack(source, output, reviewed));
      if (units[WRITTEN]) this.noteWritten(target, { source: units[WRITTEN][0], output: units[WRITTEN][1] }, map.values());
      this.data.set(target, map);
    }
  }

  get(target: string, unit: string): UnitRecord | undefined {
    const r = this.data.get(target)?.get(unit);
    return r === undefined ? undefined : unpack(r);
  }

  /**
   * The records of one target set against its source's current units (their ids, and memory keys by index): by
   * id, else by source key, so a moved unit, or one under an id an older version gave it
   * (`paragraph@109`), keeps its record; the rest are orphans.
   */
  recordsFor(target: string, ids: readonly string[], keys: readonly string[]): TargetRecords {
    const file = this.data.get(target) ?? new Map<string, string>();
    // Every record is a current unit's (a rerun, or units added): the state's own map serves; a copy of it would hold every id once more.
    if (allCurrent(file, ids)) return { byUnit: new PackedRecords(file), orphans: new Map() };
    // Packed strings shared with the state, unpacked when asked for: a file of a million units holds no record object per unit.
    const byUnit = new Map<string, string>();
    for (const id of ids) {
      const r = file.get(id);
      if (r !== undefined) byUnit.set(id, r);
    }
    /** Records of other ids that a unit took over (a moved unit). */
    const claimed = new Set<string>();
    const bySource = new Map<string, string[]>();
    for (const [id, packed] of file) {
      if (byUnit.has(id)) continue;
      const source = packed.slice(0, packed.indexOf(' '));
      const list = bySource.get(source);
      if (list) list.push(id);
      else bySource.set(source, [id]);
    }
    for (const [i, unit] of ids.entries()) {
      if (byUnit.has(unit)) continue;
      const id = bySource.get(keys[i])?.find((i) => !claimed.has(i));
      if (id === undefined) continue;
      byUnit.set(unit, file.get(id)!);
      claimed.add(id);
    }
    const orphans = new Map<string, UnitRecord>();
    for (const [id, packed] of file) {
      if (claimed.has(id) || byUnit.has(id)) continue;
      const r = unpack(packed);
      orphans.set(r.output, r);
    }
    return { byUnit: new PackedRecords(byUnit), orphans };
  }

  /** Forgets the units of a target that no longer exist. */
  prune(target: string, ids: readonly string[]): void {
    const file = this.data.get(target);
    if (!file) return;
    if (allCurrent(file, ids)) return;
    const keep = new Set(ids);
    for (const id of [...file.keys()]) {
      if (keep.has(id)) continue;
      file.delete(id);
      this.dirty = true;
    }
  }

  /** The target as a run last wrote it, if none of its units was a person's then. */
  writtenDigest(target: string): WrittenDigest | undefined {
    return this.written.get(target);
  }

  /** Notes how a run left a target with no person's text in it (undefined: it had some, or is not known). */
  setWrittenDigest(target: string, digest: WrittenDigest | undefined): void {
    const now = this.written.get(target);
    if (now?.sha256 === digest?.sha256 && now?.size === digest?.size) return;
    if (digest) this.written.set(target, digest);
    else this.written.delete(target);
    this.dirty = true;
  }

  /** A digest read from the file, unless a record says a person accepted a text (then it cannot hold only the machine's). */
  private noteWritten(target: string, { source, output }: UnitRecord, records: Iterable<string>): void {
    if (!/^[0-9a-f]{64}$/.test(source) || !/^\d+$/.test(output)) return;
    for (const packed of records) if (packed.endsWith(` ${REVIEWED}`)) return;
    this.written.set(target, { sha256: source, size: Number(output) });
  }

  set(target: string, unit: string, record: UnitRecord): void {
    // A text a person accepted is theirs: the target no longer holds only the machine's.
    if (record.reviewed) this.setWrittenDigest(target, undefined);
    let file = this.data.get(target);
    if (!file) this.data.set(target, (file = new Map()));
    const packed = pack(record.source, record.output, record.reviewed);
    if (file.get(unit) === packed) return;
    file.set(unit, packed);
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    await writeAtomic(this.file, this.lines());
    this.dirty = false;
  }

  /**
   * The file's text a few hundred lines at a time: sorted, one line per unit (a one-paragraph edit is a
   * two-line diff), never one more whole copy. Lines go out joined: each held until written would be a
   * rope of its parts, outliving the young generation.
   */
  private *lines(): Generator<string> {
    yield '{\n';
    const targets = [...new Set([...this.data.keys(), ...this.written.keys()])].filter((t) => this.data.get(t)?.size || this.written.has(t)).sort();
    for (const [t, target] of targets.entries()) {
      const units = this.data.get(target) ?? new Map<string, string>();
      const written = this.written.get(target);
      const ids = [...units.keys()].sort();
      yield ` ${JSON.stringify(target)}: {\n`;
      const lines: string[] = [];
      // The digest first (its id sorts first too), then the units.
      if (written) lines.push(unitLine(WRITTEN, [written.sha256, String(written.size)], ids.length > 0));
      for (const [u, id] of ids.entries()) {
        lines.push(unitLine(id, units.get(id)!.split(' '), u < ids.length - 1));
        if (lines.length < LINES_AT_ONCE) continue;
        yield lines.join('');
        lines.length = 0;
      }
      yield lines.join('');
      yield ` }${t < targets.length - 1 ? ',' : ''}\n`;
    }
    yield '}\n';
  }
}
