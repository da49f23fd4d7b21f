import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../files/write-atomic.ts';

/** What the machine last wrote for one unit of one target file. */
export interface UnitRecord {
  /** Memory key of the source it was translated from. */
  readonly source: string;
  /** Hash of the text written. */
  readonly output: string;
}

/**
 * Per target file and unit, the last machine output (`.translate-locales/state.json`). A target
 * whose text no longer matches was edited by a person: the run keeps it.
 */
export class TargetState {
  private data: Record<string, Record<string, [string, string]>> = {};
  private dirty = false;

  constructor(private readonly file: string) {}

  static in(dir: string): TargetState {
    return new TargetState(path.join(dir, 'state.json'));
  }

  async load(): Promise<void> {
    try {
      this.data = JSON.parse(await readFile(this.file, 'utf8')) as typeof this.data;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  get(target: string, unit: string): UnitRecord | undefined {
    const r = this.data[target]?.[unit];
    return r ? { source: r[0], output: r[1] } : undefined;
  }

  set(target: string, unit: string, record: UnitRecord): void {
    const file = (this.data[target] ??= {});
    const old = file[unit];
    if (old?.[0] === record.source && old[1] === record.output) return;
    file[unit] = [record.source, record.output];
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    const sorted: typeof this.data = {};
    for (const t of Object.keys(this.data).sort()) {
      sorted[t] = {};
      for (const u of Object.keys(this.data[t]).sort()) sorted[t][u] = this.data[t][u];
    }
    await writeAtomic(this.file, JSON.stringify(sorted, null, 1) + '\n');
    this.dirty = false;
  }
}
