import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/load-config.ts';
import { planRun, type PlanInputs } from '../pipeline/plan-run.ts';
import { contentHash } from '../segments/hash.ts';

/** Where one locale of one file group stands, in segments. */
export interface StatusRow {
  readonly locale: string;
  /** The group's `source` glob, as the config names it. */
  readonly group: string;
  readonly files: number;
  readonly segments: number;
  /** Segments whose target has a current translation (machine or human). */
  readonly translated: number;
  /** Machine translations no person has reviewed (PO: fuzzy; elsewhere: the target still has the machine's text). */
  readonly unreviewed: number;
  /** Segments a person wrote or edited, kept by every run. */
  readonly human: number;
  /** Translated once, but the source changed since. */
  readonly stale: number;
  /** Never translated (or, with nothing to translate, not yet copied), or in a target file that does not exist. */
  readonly missing: number;
}

export interface ProjectStatus {
  readonly rows: readonly StatusRow[];
  /** Files that could not be read or planned, with the reason. */
  readonly problems: readonly string[];
}

/** Offline: per locale and file group, what is translated, reviewed, stale or missing. No Redis, no key. */
export async function projectStatus(config: ResolvedConfig, inputs: PlanInputs): Promise<ProjectStatus> {
  const plan = await planRun(config, inputs);
  const rows = new Map<string, { -readonly [K in keyof StatusRow]: StatusRow[K] }>();
  const row = (group: number, locale: string) => {
    const id = `${group}\u0000${locale}`;
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { locale, group: config.files[group]?.source ?? '?', files: 0, segments: 0, translated: 0, unreviewed: 0, human: 0, stale: 0, missing: 0 }));
    return r;
  };
  for (const s of plan.pairs) {
    const r = row(s.pair.group, s.pair.locale);
    r.files++;
    r.segments += s.keys.length;
    if (!existsSync(path.join(config.root, s.pair.target))) {
      r.missing += s.keys.length;
      continue;
    }
    // As planning reads them: matched by what they are (Markdown), else by unit id.
    const match = s.format.match?.(s.doc, s.target);
    const current = match ? undefined : s.format.current?.(s.doc, s.target);
    const recordOf = (id: string) => (match ? match.units.get(id)?.record : s.target.records?.byUnit.get(id));
    const before = r.translated;
    let i = 0;
    s.format.render(s.doc, s.target, (unit) => {
      const key = s.keys[i++];
      const now = () => (match ? match.units.get(unit.id)?.text : current?.get(unit.id));
      if (s.kept.has(unit.id)) {
        r.human++;
        r.translated++;
      } else if (unit.verbatim) {
        // Nothing to translate: never pending, but not in the target until a run copies it there (the run
        // reports it as copied, not as translated); once there, current, and no machine text to review.
        const text = now();
        const record = recordOf(unit.id);
        if (text !== undefined && (text === unit.source || (record !== undefined && contentHash(text) === record.output))) r.translated++;
        else r.missing++;
      } else if (!s.pending.has(key)) {
        r.translated++;
        const record = recordOf(unit.id);
        // Formats with their own review mark (PO's fuzzy flag) count it below instead.
        const text = now();
        if (!s.format.unreviewed && record && text !== undefined && contentHash(text) === record.output) r.unreviewed++;
      } else if (recordOf(unit.id)) r.stale++;
      else r.missing++;
      return undefined;
    });
    // A person's text the format keeps without making units of it (PO's own translations): translated, by a person.
    const theirs = s.format.keptUnits?.(s.doc, s.target) ?? 0;
    r.segments += theirs;
    r.translated += theirs;
    r.human += theirs;
    const marked = s.format.unreviewed?.(s.doc, s.target);
    if (marked !== undefined) r.unreviewed += Math.min(marked, r.translated - before);
  }
  return {
    rows: [...rows.values()].sort((a, b) => a.locale.localeCompare(b.locale) || a.group.localeCompare(b.group)),
    problems: plan.problems.map((p) => p.message),
  };
}
