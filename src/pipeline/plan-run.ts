import { readFile } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import type { ResolvedConfig } from '../config/load-config.ts';
import { machineName, paidModel } from '../config/models.ts';
import { refuseOverlaps } from '../files/target-overlaps.ts';
import { discover } from '../files/discover.ts';
import { readFailure } from '../files/read-failure.ts';
import { readTarget, targetBom } from '../files/read-target.ts';
import { sameDigest } from '../files/same-content.ts';
import type { TargetContext, TargetMatch } from '../formats/format.ts';
import { formatOptions, loadFormat } from '../formats/index.ts';
import { withinParseBudget } from '../formats/parse-budget.ts';
import { CHECK_EVERY, checkYoungGeneration } from '../util/heap-growth.ts';
import { yieldToEventLoop } from '../util/yield-to-event-loop.ts';
import { memoryKey, type TranslationContext } from '../memory/memory-key.ts';
import type { MemoryStore } from '../memory/memory-store.ts';
import { reusableEntry } from '../memory/reusable-entry.ts';
import type { TargetState } from '../memory/target-state.ts';
import { Glossary } from '../glossary/glossary.ts';
import type { TextPair } from '../providers/provider.ts';
import { loadSegmentChecks } from '../segments/check-segment.ts';
import { contentHash } from '../segments/hash.ts';
import { protect } from '../segments/placeholders.ts';
import { nothingToTranslate } from '../segments/verbatim.ts';
import { unitLocation, unitName, type Unit } from '../segments/segment.ts';
import { droppedWarning, edited, editedSince, persons } from './hand-edits.ts';
import type { PairState } from './pair-state.ts';
import { readDocument, type SourceDocument } from './read-document.ts';

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
  /** Stops planning between files (SIGTERM): the plan then holds the files read so far. */
  readonly signal?: AbortSignal;
  /**
   * A run's planning: a target byte for byte as a run last wrote it, with no person's text in it, is not
   * read (it holds no hand edit to keep). `--check` and `status` read every target.
   */
  readonly skipUntouched?: boolean;
}

/** What planning reads of the config: where the files are, the locales, how a unit's memory key is made (and each format's options, by its name). */
export type PlanConfig = Pick<
  ResolvedConfig,
  'root' | 'configPath' | 'files' | 'sourceLocale' | 'sourceLanguage' | 'targets' | 'targetLocales' | 'localeMapping' | 'memory' | 'glossary' | 'only' | 'force' | 'provider' | 'model' | 'domains'
>;

export interface RunPlan {
  /** Handed to the run's `PairStates`, the one writer once planning is over. */
  readonly pairs: PairState[];
  readonly problems: PlanProblem[];
  /** Segments to translate, once each, in source order. */
  readonly pending: Map<string, PendingSegment>;
}

function describe(file: string, error: unknown): string {
  const { reason, where } = readFailure(error);
  return `${file}${where}: ${reason}`;
}

/** Finds the files, reads and splits them, and looks every unit up in the memory. */
export async function planRun(config: PlanConfig, { memory, state: targetState, glossary, signal, skipUntouched }: PlanInputs): Promise<RunPlan> {
  const locales = config.targets.map((t) => t.locale);
  const found = await discover(config.root, config.files, config.sourceLocale, locales, { localeMapping: config.localeMapping, configLocales: config.targetLocales });
  refuseOverlaps(config.files, found.isSource, found.pairs, { root: config.root, configPath: config.configPath, memoryDir: config.memory.dir, glossary: config.glossary });
  const problems: PlanProblem[] = found.errors.map((e) => ({ source: e.source, message: `${e.source}: ${e.message}` }));
  const languageOf = new Map(config.targets.map((t) => [t.locale, t.language]));
  const docs = new Map<string, SourceDocument | { error: string }>();
  const pairs: PairState[] = [];
  const pending = new Map<string, PendingSegment>();

  const only = config.only ? picomatch(config.only, { dot: true }) : undefined;
  for (const pair of found.pairs) {
    if (only && !only(pair.source)) continue;
    if (signal?.aborted) break;
    // Parsing is CPU work: between files, timers (BullMQ's lock renewals) get their turn.
    await yieldToEventLoop();
    const format = await loadFormat(pair.format);
    const options = formatOptions(config, pair.format);
    let parsed = docs.get(pair.source);
    if (!parsed) {
      try {
        parsed = await readDocument(config.root, pair.source, format, options);
      } catch (error) {
        parsed = { error: describe(pair.source, error) };
      }
      docs.set(pair.source, parsed);
    }
    if ('error' in parsed) {
      problems.push({ source: pair.source, target: pair.target, locale: pair.locale, message: parsed.error });
      continue;
    }
    let existing: string | undefined;
    let bom = parsed.bom;
    try {
      const file = path.join(config.root, pair.target);
      const written = skipUntouched && format.rendersFromSource && format.eachCurrent && !format.match ? targetState.writtenDigest(pair.target) : undefined;
      if (!written || !(await sameDigest(file, written))) {
        const read = await readTarget(file, pair.target, format);
        existing = read?.text;
        bom = targetBom(format, parsed.bom, read);
      }
    } catch (error) {
      // Never taken for absent: it may hold a person's work. Left byte for byte, reported.
      problems.push({ source: pair.source, target: pair.target, locale: pair.locale, message: `${(error as Error).message}; left as it is` });
      continue;
    }
    const language = languageOf.get(pair.locale)!;
    const machine = machineName(paidModel(config));
    const target: TargetContext = { locale: pair.locale, language, sourceLocale: config.sourceLocale, existing, machine, options };
    let units: Unit[] | undefined;
    let current: ReadonlyMap<string, string> | undefined;
    const doc = parsed.doc;
    try {
      // Both read the existing target, which a pull request may have made as hostile as any source.
      ({ units, current } = withinParseBudget(format, existing ?? '', () => ({ units: format.eachUnit ? undefined : format.units(doc, target), current: format.match || format.eachCurrent ? undefined : format.current?.(doc, target) }), {
        subject: `target ${pair.target}`,
        chars: parsed.size + (existing?.length ?? 0),
      }));
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
    // A format that yields its units one at a time is walked twice (keys, then what to do), so a large file's units are never all held.
    const eachUnit = (visit: (unit: Unit, i: number) => void) => (units ? units.forEach(visit) : format.eachUnit!(doc, target, visit));
    const termsOf = (u: Unit) => glossary.termsFor(pair.locale, u.protected.text);
    // A unit's hint (a plural form's counts) travels as part of the domain prompt, and so is part of its key.
    const contextOf = (u: Unit): TranslationContext => (u.hint ? { ...context, domains: [context.domains, u.hint].filter(Boolean).join(' ') } : context);
    // Only for setting records against units: let go right after (a large file's ids are many).
    let ids: string[] = [];
    const keys: string[] = [];
    const keyOf = (u: Unit) => {
      ids.push(u.id);
      keys.push(memoryKey({ ...contextOf(u), glossaryVersion: Glossary.version(termsOf(u)) }, u.protected.text, u.context));
      if (keys.length % CHECK_EVERY === 0) checkYoungGeneration();
    };
    try {
      if (units) units.forEach(keyOf);
      else withinParseBudget(format, existing ?? '', () => eachUnit(keyOf), { subject: `target ${pair.target}`, chars: parsed.size + (existing?.length ?? 0) });
    } catch (error) {
      problems.push({ source: pair.source, target: pair.target, locale: pair.locale, message: describe(pair.source, error) });
      continue;
    }
    const records = targetState.recordsFor(pair.target, ids, keys);
    ids = [];
    const pendingKeys = new Set<string>();
    const state: PairState = {
      index: pairs.length, pair, format, doc: parsed.doc, sourceDigest: parsed.digest, bom, target: { ...target, records }, context, keys, unitCount: keys.length,
      kept: new Map(), conflicts: [], warnings: [],
      pending: pendingKeys, reused: 0, copied: 0, failed: new Map(), errors: [],
    };
    // Formats that match target units by what they are say which record each has; others go by unit id.
    let match: TargetMatch | undefined;
    try {
      match = withinParseBudget(format, existing ?? '', () => format.match?.(doc, state.target), { subject: `target ${pair.target}`, chars: parsed.size + (existing?.length ?? 0) });
    } catch (error) {
      problems.push({ source: pair.source, target: pair.target, locale: pair.locale, message: describe(pair.source, error) });
      continue;
    }
    /** Target ids holding a person's text: those that are no unit of the source are dropped from the target, and said so. */
    const theirs = new Set<string>();
    try {
      if (!format.match && format.eachCurrent) {
        current = edited(format, doc, state.target, records.byUnit, { chars: parsed.size + (existing?.length ?? 0) }, (id, text) => {
          if (text === '' || nothingToTranslate(protect(text))) return;
          // The machine's text of a removed source goes quietly; a person's must not vanish unsaid (the source's own units are struck off below).
          const r = targetState.get(pair.target, id) ?? records.orphans.get(contentHash(text));
          if (r && !editedSince(r, text)) theirs.delete(id);
          else theirs.add(id);
        });
      }
    } catch (error) {
      // Only the target is read here. One that is not what the format reads (a typo, a merge-conflict marker) is
      // never taken for a target without text and replaced: it may hold a person's work. Left byte for byte, reported.
      problems.push({ source: pair.source, target: pair.target, locale: pair.locale, message: `${describe(pair.target, error)}; left as it is` });
      continue;
    }
    if (match) state.warnings.push(...match.additions.map((a) => `${pair.target}: ${a}`));
    eachUnit((unit, i) => {
      if (i % CHECK_EVERY === 0) checkYoungGeneration();
      theirs.delete(unit.id);
      const key = state.keys[i];
      const record = match ? match.units.get(unit.id)?.record : records.byUnit.get(unit.id);
      const now = match ? match.units.get(unit.id)?.text : current?.get(unit.id);
      if (persons(format, unit, now, record)) {
        // A person changed (or accepted) what the machine wrote, or wrote it without the machine: theirs wins; a changed source needs their review.
        state.kept.set(unit.id, now);
        if (record && record.source !== key) state.conflicts.push(`${pair.target} (source ${unitLocation(pair.source, unit)}): ${unitName(unit)}: edited by hand and its source changed since; kept: review it, then \`translate-locales accept ${pair.target}\``);
        return;
      }
      if (unit.verbatim) {
        state.copied++;
        return;
      }
      // --force: what the memory has is translated again on purpose (and replaced there).
      if (!config.force && reusableEntry(memory, pair.locale, key, unit)) {
        state.reused++;
        return;
      }
      pendingKeys.add(key);
      if (!pending.has(key)) {
        pending.set(key, { key, text: unit.protected.text, ...(unit.check ? { check: unit.check, tokens: unit.protected.tokens } : {}), context: contextOf(unit), terms: termsOf(unit), locale: pair.locale });
      }
    });
    if (theirs.size) state.warnings.push(droppedWarning(pair.target, [...theirs]));
    pairs.push(state);
  }
  // Replies are checked in this process too: the checks of the formats planned (a JSON project loads no Markdown parser).
  if (pending.size) await loadSegmentChecks(new Set(pairs.map((p) => p.pair.format)));
  return { pairs, problems, pending };
}
