import { checkSegment } from '../segments/check-segment.ts';
import type { MemoryEntry } from '../memory/memory-entry.ts';
import type { MemoryStore } from '../memory/memory-store.ts';
import type { Batch } from '../pipeline/pack-batches.ts';
import type { TranslateJobResult } from '../queue/job-payloads.ts';

/**
 * Appends a job's translations to the memory of each of `locales`, each checked again here: the memory
 * keeps only what passed every check, whichever worker (or version) sent it. Returns memory key → why a
 * translation was refused.
 */
export async function keepResult(batch: Batch, result: TranslateJobResult, memory: MemoryStore, locales: Iterable<string>): Promise<Map<string, string>> {
  const at = new Date().toISOString();
  const entries: MemoryEntry[] = [];
  // Maps, not objects: a key used as a property name is interned, and a run would hold each plan key twice.
  const refused = new Map<string, string>();
  const translations = new Map(Object.entries(result.translations));
  for (const seg of batch.data.segments) {
    const target = translations.get(seg.key);
    if (target === undefined) continue;
    const problem = checkSegment(seg.text, target, seg.check, seg.tokens);
    if (problem) refused.set(seg.key, `worker's translation refused: ${problem}`);
    else entries.push({ key: seg.key, source: seg.text, target, model: batch.data.model, at });
  }
  for (const locale of locales) await memory.add(locale, entries);
  return refused;
}
