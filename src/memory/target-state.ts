import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../files/write-atomic.ts';
import type { TargetRecords } from '../formats/format.ts';

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

const REVIEWED = ' reviewed';

/**
 * Per target file and unit, the last machine output (`.translate-locales/state.json`). A target
 * whose text no longer matches was edited by a person: the run keeps it.
 */
export class TargetState {
  /** In memory each record is one string, `source output`: a file of 500,000 strings has as many records. */
  private readonly data = new Map<string, Map<string, string>>();
  private dirty = false;

  constructor(private readonly file: string) {}

  static in(dir: string): TargetState {
    return new TargetState(path.join(dir, 'state.json'));
  }

  async load(): Promise<void> {
    let parsed: StateFile;
    try {
      parsed = JSON.parse(await readFile(this.file, 'utf8')) as StateFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const [target, units] of Object.entries(parsed)) {
      const map = new Map<string, string>();
      for (const [unit, [source, output, reviewed]] of Object.entries(units)) map.set(unit, `${source} ${output}${reviewed ? REVIEWED : ''}`);
      this.data.set(target, map);
    }
  }

  get(target: string, unit: string): UnitRecord | undefined {
    const r = this.data.get(target)?.get(unit);
    if (r === undefined) return undefined;
    const [source, output, reviewed] = r.split(' ');
    return { source, output, ...(reviewed ? { reviewed: true } : {}) };
  }

  /**
   * The records of one target set against its source's current units (id and memory key each): by
   * id, else by source key, so a moved unit, or one under an id an older version gave it
   * (`paragraph@109`), keeps its record; the rest are orphans.
   */
  recordsFor(target: string, units: readonly { readonly id: string; readonly key: string }[]): TargetRecords {
    const file = this.data.get(target) ?? new Map<string, string>();
    const byUnit = new Map<string, UnitRecord>();
    const used = new Set<string>();
    for (const u of units) {
      const r = this.get(target, u.id);
      if (!r) continue;
      byUnit.set(u.id, r);
      used.add(u.id);
    }
    const bySource = new Map<string, string[]>();
    for (const [id, packed] of file) {
      if (used.has(id)) continue;
      const source = packed.slice(0, packed.indexOf(' '));
      bySource.set(source, [...(bySource.get(source) ?? []), id]);
    }
    for (const u of units) {
      if (byUnit.has(u.id)) continue;
      const id = bySource.get(u.key)?.find((i) => !used.has(i));
      if (id === undefined) continue;
      byUnit.set(u.id, this.get(target, id)!);
      used.add(id);
    }
    const orphans = new Map<string, UnitRecord>();
    for (const id of file.keys()) if (!used.has(id)) orphans.set(this.get(target, id)!.output, this.get(target, id)!);
    return { byUnit, orphans };
  }

  /** Forgets the units of a target that no longer exist. */
  prune(target: string, ids: Iterable<string>): void {
    const file = this.data.get(target);
    if (!file) return;
    const keep = new Set(ids);
    for (const id of [...file.keys()]) {
      if (keep.has(id)) continue;
      file.delete(id);
      this.dirty = true;
    }
  }

  set(target: string, unit: string, record: UnitRecord): void {
    let file = this.data.get(target);
    if (!file) this.data.set(target, (file = new Map()));
    const packed = `${record.source} ${record.output}${record.reviewed ? REVIEWED : ''}`;
    if (file.get(unit) === packed) return;
    file.set(unit, packed);
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    // Written sorted, one line per unit (a one-paragraph edit is a two-line diff), without one more whole copy.
    const lines: string[] = ['{\n'];
    const targets = [...this.data.keys()].filter((t) => this.data.get(t)!.size).sort();
    targets.forEach((target, t) => {
      const units = this.data.get(target)!;
      const ids = [...units.keys()].sort();
      lines.push(` ${JSON.stringify(target)}: {\n`);
      ids.forEach((id, u) => {
        const fields = units.get(id)!.split(' ');
        lines.push(`  ${JSON.stringify(id)}: [${fields.map((f) => JSON.stringify(f)).join(', ')}]${u < ids.length - 1 ? ',' : ''}\n`);
      });
      lines.push(` }${t < targets.length - 1 ? ',' : ''}\n`);
    });
    lines.push('}\n');
    await writeAtomic(this.file, lines);
    this.dirty = false;
  }
}
