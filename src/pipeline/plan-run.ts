import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../config/load-config.ts';
import { discover, type FilePair } from '../files/discover.ts';
import { decodeText, readSource } from '../files/read-source.ts';
import type { Format, TargetContext } from '../formats/format.ts';
import { FormatError } from '../formats/format-error.ts';
import { loadFormat } from '../formats/index.ts';
import { yieldToEventLoop } from '../util/yield-to-event-loop.ts';
import { memoryKey, type TranslationContext } from '../memory/memory-key.ts';
import type { MemoryStore } from '../memory/memory-store.ts';
import type { TargetState } from '../memory/target-state.ts';
import { Glossary } from '../glossary/glossary.ts';
import type { TextPair } from '../providers/provider.ts';
import { contentHash } from '../segments/hash.ts';
import type { Unit } from '../segments/segment.ts';

/** Everything the run knows about one (source file, target locale). */
export interface PairState {
  readonly index: number;
  readonly pair: FilePair;
  readonly format: Format<unknown>;
  readonly doc: unknown;
  readonly bom: boolean;
  readonly target: TargetContext;
  readonly context: TranslationContext;
  /** The memory key of each unit, in the format's order; the units themselves are not kept (the format renders them again). */
  readonly keys: readonly string[];
  /** Units a person edited in the target: their text is kept. */
  readonly kept: Map<string, string>;
  readonly conflicts: string[];
  readonly warnings: string[];
  /** Memory keys still waiting for a translation. */
  readonly pending: Set<string>;
  reused: number;
  /** Unit index → why it has no translation. */
  readonly failed: Map<number, string>;
  readonly errors: string[];
  status?: 'written' | 'unchanged' | 'failed';
}

/** A source file or pair that could not even be planned: reported, never written. */
export interface PlanProblem {
  readonly source: string;
  readonly target?: string;
  readonly locale?: string;
  readonly message: string;
}

export interface PendingSegment {
  readonly key: string;
  readonly text: string;
  readonly check?: Unit['check'];
  readonly tokens?: readonly string[];
  readonly context: TranslationContext;
  readonly terms: readonly TextPair[];
  readonly locale: string;
}

export interface PlanInputs {
  readonly memory: MemoryStore;
  readonly state: TargetState;
  readonly glossary: Glossary;
}

export interface RunPlan {
  readonly pairs: PairState[];
  readonly problems: PlanProblem[];
  /** Segments to translate, once each, in source order. */
  readonly pending: Map<string, PendingSegment>;
}

function describe(file: string, error: unknown): string {
  if (error instanceof FormatError) return `${file}${error.line ? `:${error.line}` : ''}: ${error.message}`;
  return `${file}: ${(error as Error).message}`;
}

/** Finds the files, reads and splits them, and looks every unit up in the memory. */
export async function planRun(config: ResolvedConfig, { memory, state: targetState, glossary }: PlanInputs): Promise<RunPlan> {
  const locales = config.targets.map((t) => t.locale);
  const found = await discover(config.root, config.files, config.sourceLocale, locales);
  const problems: PlanProblem[] = found.errors.map((e) => ({ source: e.source, message: `${e.source}: ${e.message}` }));
  const languageOf = new Map(config.targets.map((t) => [t.locale, t.language]));
  const docs = new Map<string, { doc: unknown; bom: boolean } | { error: string }>();
  const pairs: PairState[] = [];
  const pending = new Map<string, PendingSegment>();

  for (const pair of found.pairs) {
    // Parsing is CPU work: between files, timers (BullMQ's lock renewals) get their turn.
    await yieldToEventLoop();
    const format = await loadFormat(pair.format);
    let parsed = docs.get(pair.source);
    if (!parsed) {
      try {
        const { text, bom } = format.decode ? { text: format.decode(await readFile(path.join(config.root, pair.source))), bom: false } : await readSource(path.join(config.root, pair.source));
        parsed = { doc: format.parse({ path: pair.source, text }), bom };
      } catch (error) {
        parsed = { error: describe(pair.source, error) };
      }
      docs.set(pair.source, parsed);
    }
    if ('error' in parsed) {
      problems.push({ source: pair.source, target: pair.target, locale: pair.locale, message: parsed.error });
      continue;
    }
    const existing = await readFile(path.join(config.root, pair.target))
      .then((bytes) => (format.decode ? format.decode(bytes) : decodeText(bytes).text))
      .catch(() => undefined);
    const language = languageOf.get(pair.locale)!;
    const machine = config.provider.name === 'pseudo' ? 'pseudo' : config.model.name;
    const target: TargetContext = { locale: pair.locale, language, sourceLocale: config.sourceLocale, existing, machine, options: { po: config.po } };
    let units: Unit[];
    try {
      units = format.units(parsed.doc, target);
    } catch (error) {
      problems.push({ source: pair.source, target: pair.target, locale: pair.locale, message: describe(pair.source, error) });
      continue;
    }
    const context: TranslationContext = {
      model: machine,
      sourceLang: config.sourceLanguage,
      targetLang: language,
      domains: pair.domains ?? config.domains,
    };
    await memory.load(pair.locale);
    const terms = units.map((u) => glossary.termsFor(pair.locale, u.protected.text));
    const state: PairState = {
      index: pairs.length, pair, format, doc: parsed.doc, bom: parsed.bom, target, context,
      keys: units.map((u, i) => memoryKey({ ...context, glossaryVersion: Glossary.version(terms[i]) }, u.protected.text, u.context)),
      kept: new Map(), conflicts: [], warnings: [],
      pending: new Set(), reused: 0, failed: new Map(), errors: [],
    };
    const current = format.current?.(parsed.doc, target);
    units.forEach((unit, i) => {
      const key = state.keys[i];
      const record = targetState.get(pair.target, unit.id);
      const now = current?.get(unit.id);
      if (record && now !== undefined && contentHash(now) !== record.output) {
        // A person changed what the machine wrote: theirs wins; a changed source needs their review.
        state.kept.set(unit.id, now);
        if (record.source !== key) state.conflicts.push(`${pair.target}${unit.line ? ` (source line ${unit.line})` : ''}: ${unit.id}: edited by hand and its source changed since; kept, please review`);
        return;
      }
      if (memory.has(pair.locale, key)) {
        state.reused++;
        return;
      }
      state.pending.add(key);
      if (!pending.has(key)) {
        pending.set(key, { key, text: unit.protected.text, ...(unit.check ? { check: unit.check, tokens: unit.protected.tokens } : {}), context, terms: terms[i], locale: pair.locale });
      }
    });
    pairs.push(state);
  }
  return { pairs, problems, pending };
}
