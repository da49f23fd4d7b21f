import { po } from 'gettext-parser';
import { protect } from '../../segments/placeholders.ts';
import type { Unit } from '../../segments/segment.ts';
import { nothingToTranslate } from '../../segments/verbatim.ts';
import { translationsOf, type Format, type SourceFile } from '../format.ts';
import { FormatError } from '../../errors/format-error.ts';
import { lineAt } from '../line-counter.ts';
import { parsePo, type PoFile } from './po-blocks.ts';
import type { PoOptions } from './po-options.ts';
import { hasTranslation, targetCatalogue } from './po-catalogue.ts';
import { ambiguousMsgids, entryForms, isFuzzy, ownership } from './po-entry.ts';
import { renderMerged, renderNew } from './po-render.ts';

export interface PoDocument {
  readonly path: string;
  readonly file: PoFile;
}

/** gettext PO/POT catalogues: entries identified by msgctxt + msgid, plurals per the target catalogue. */
export const poFormat: Format<PoDocument, PoOptions> = {
  name: 'po',
  mergesIntoTarget: true,

  decode(bytes: Uint8Array): string {
    const nul = bytes.indexOf(0);
    // gettext cannot represent NUL: a file with one is binary or corrupt, never a catalogue to copy from.
    if (nul >= 0) throw new FormatError('contains a NUL byte (not a text catalogue)', lineAt(Buffer.from(bytes.subarray(0, nul)).toString('latin1'), nul));
    const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
    const charset = /charset=([\w.:-]+)/i.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
    const utf8 = charset === 'charset' || charset === 'utf-8' || charset === 'utf8';
    let text: string;
    try {
      // The byte-order mark stays in the text: the reader sets it aside, as it does for other formats.
      text = new TextDecoder(utf8 ? 'utf-8' : charset, { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw new FormatError(utf8 ? 'not valid UTF-8' : `not valid ${charset}, as its Content-Type header says`, 1);
    }
    // Catalogues are written back as UTF-8 (the header says so).
    return text;
  },

  parse(file: SourceFile<PoOptions>): PoDocument {
    return { path: file.path, file: parsePo(file.text) };
  },

  units(doc, target): Unit[] {
    const catalogue = targetCatalogue(target);
    const units: Unit[] = [];
    const ambiguous = ambiguousMsgids(doc.file.blocks.flatMap((b) => (b.kind === 'entry' ? [b.entry!] : [])));
    for (const block of doc.file.blocks) {
      if (block.kind !== 'entry' || ownership(catalogue.byKey.get(block.key!), target, catalogue) === 'keep') continue;
      for (const form of entryForms(block.entry!, block.key!, catalogue, ambiguous)) {
        const text = protect(form.text);
        const verbatim = nothingToTranslate(text);
        const context = block.entry!.msgctxt ? { context: block.entry!.msgctxt } : {};
        units.push({ id: form.id, name: form.name, source: form.text, protected: text, line: block.line, column: 1, ...context, ...(form.hint ? { hint: form.hint } : {}), ...(verbatim ? { verbatim } : {}) });
      }
    }
    return units;
  },

  current(doc, target) {
    if (target.existing === undefined) return undefined;
    const catalogue = targetCatalogue(target);
    const map = new Map<string, string>();
    for (const block of doc.file.blocks) {
      const mine = block.kind === 'entry' ? catalogue.byKey.get(block.key!)?.entry : undefined;
      if (!mine || !hasTranslation(mine)) continue;
      entryForms(block.entry!, block.key!, catalogue).forEach((f, i) => map.set(f.id, mine.msgid_plural === undefined ? mine.msgstr[0] : (mine.msgstr[i] ?? '')));
    }
    return map;
  },

  keptUnits(doc, target) {
    if (target.existing === undefined) return 0;
    const catalogue = targetCatalogue(target);
    let kept = 0;
    for (const block of doc.file.blocks) {
      if (block.kind === 'entry' && ownership(catalogue.byKey.get(block.key!), target, catalogue) === 'keep') kept += entryForms(block.entry!, block.key!, catalogue).length;
    }
    return kept;
  },

  unreviewed(_doc, target) {
    if (target.existing === undefined) return 0;
    return parsePo(target.existing).blocks.filter((b) => b.kind === 'entry' && b.entry!.msgid && isFuzzy(b.entry!)).length;
  },

  audit(_doc, target) {
    if (!target.options.failOnFuzzy || target.existing === undefined) return [];
    return parsePo(target.existing)
      .blocks.filter((b) => b.kind === 'entry' && isFuzzy(b.entry!))
      .map((b) => `line ${b.line}: fuzzy entry "${b.entry!.msgid.slice(0, 40)}" awaits review`);
  },

  render(doc, target, translate) {
    const translations = translationsOf(poFormat.units(doc, target), translate);
    const catalogue = targetCatalogue(target);
    return catalogue.file ? renderMerged(doc.file, target, catalogue, translations) : renderNew(doc.file, target, catalogue, translations);
  },

  verify(_doc, rendered) {
    if (rendered.includes('\u0000')) return 'a translation contains a NUL character, which a PO file cannot hold';
    try {
      po.parse(rendered, { validation: true });
      return null;
    } catch (error) {
      return `written catalogue does not parse: ${(error as Error).message}`;
    }
  },
};
