import { count } from './markdown-text.ts';
import { plural } from '../util/plural.ts';

/** Lines added while they fit; a list cut short says how many it left out. */
export class MarkdownBudget {
  private readonly lines: string[] = [];
  private used = 0;
  private readonly reserve: number;

  constructor(
    private readonly max: number,
    private readonly footer?: string,
  ) {
    this.reserve = (footer ? Buffer.byteLength(footer) + 2 : 0) + 200;
  }

  add(lines: readonly string[]): boolean {
    const size = lines.reduce((s, l) => s + Buffer.byteLength(l) + 1, 0);
    if (this.used + size + this.reserve > this.max) return false;
    this.lines.push(...lines);
    this.used += size;
    return true;
  }

  /** `noun` in the singular: the line for what is left out says `1 more failure`, `2 more failures`. */
  list(heading: string, items: readonly string[], noun: string): void {
    if (!items.length || !this.add(['', heading, ''])) return;
    for (const [i, item] of items.entries()) {
      if (this.add([item])) continue;
      this.lines.push(`- … and ${count(items.length - i)} more ${plural(items.length - i, noun)} (see the JSON report)`);
      return;
    }
  }

  finish(): string {
    if (this.footer) this.lines.push('', this.footer);
    return this.lines.join('\n') + '\n';
  }
}
