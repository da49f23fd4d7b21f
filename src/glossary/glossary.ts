import { parse as parseCsv } from 'csv-parse/sync';
import { ConfigError } from '../errors/config-error.ts';
import { isMissing, readFailure } from '../files/read-failure.ts';
import { readSource } from '../files/read-source.ts';
import type { TextPair } from '../providers/provider.ts';
import { contentHash } from '../segments/hash.ts';

interface Term {
  readonly source: string;
  /** Locale → target term; absent locales and do-not-translate terms keep the source. */
  readonly targets: Readonly<Record<string, string>>;
  readonly keep: boolean;
  readonly pattern: RegExp;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function term(source: string, targets: Record<string, string>, keep: boolean): Term {
  // A term with capitals is a name: matched as written. A lowercase term matches any case.
  const flags = /\p{Lu}/u.test(source) ? 'u' : 'iu';
  return { source, targets, keep, pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escape(source)}(?![\\p{L}\\p{N}])`, flags) };
}

/**
 * Terminology for Qwen-MT's `terms`: per locale source → target, and do-not-translate terms.
 * CSV: a `source` column and one column per locale (an empty cell: keep the source term), or a
 * `translate` column set to `no`. JSON: `{ "terms": { "Acme Cloud": { "de": "…" } }, "doNotTranslate": ["Acme"] }`.
 */
export class Glossary {
  private constructor(private readonly terms: readonly Term[]) {}

  static empty(): Glossary {
    return new Glossary([]);
  }

  static async load(file: string): Promise<Glossary> {
    let text: string;
    try {
      text = (await readSource(file)).text;
    } catch (error) {
      if (isMissing(error)) throw new ConfigError(`${file}: glossary file not found`);
      const { reason, where } = readFailure(error);
      throw new ConfigError(`${file}${where}: glossary cannot be read: ${reason}`);
    }
    try {
      return new Glossary(file.toLowerCase().endsWith('.csv') ? fromCsv(text) : fromJson(text));
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(`${file}: not a valid glossary: ${(error as Error).message}`);
    }
  }

  /** The pairs to send for a text into one locale: only terms that occur in it. */
  termsFor(locale: string, text: string): readonly TextPair[] {
    if (!this.terms.length) return NO_TERMS;
    const out: TextPair[] = [];
    for (const t of this.terms) {
      if (!t.pattern.test(text)) continue;
      out.push({ source: t.source, target: t.keep ? t.source : (t.targets[locale] ?? t.source) });
    }
    return out;
  }

  /** Part of a segment's memory key: changes exactly when the terms that touch it change. */
  static version(terms: readonly TextPair[]): string {
    return terms.length ? contentHash(JSON.stringify(terms)) : '';
  }
}

/** Shared by every text without terms: a large file does not hold one empty list per string. */
const NO_TERMS: readonly TextPair[] = Object.freeze([]);

function fromCsv(text: string): Term[] {
  const rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  return rows.map((row, i) => {
    const source = row.source ?? row.term;
    if (!source) throw new ConfigError(`row ${i + 2} has no "source" column`);
    const keep = /^(no|false|0)$/i.test(row.translate ?? '');
    const targets: Record<string, string> = {};
    for (const [k, v] of Object.entries(row)) if (!['source', 'term', 'translate', 'note', 'comment'].includes(k) && v) targets[k] = v;
    return term(source, targets, keep);
  });
}

function fromJson(text: string): Term[] {
  const json = JSON.parse(text) as { terms?: Record<string, Record<string, string>>; doNotTranslate?: string[] };
  const out: Term[] = [];
  for (const [source, targets] of Object.entries(json.terms ?? {})) out.push(term(source, targets, false));
  for (const source of json.doNotTranslate ?? []) out.push(term(source, {}, true));
  return out;
}
