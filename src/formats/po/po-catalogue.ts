import type { GetTextTranslation } from 'gettext-parser';
import type { TargetContext } from '../format.ts';
import type { PoOptions } from './po-options.ts';
import { FormatError } from '../../errors/format-error.ts';
import { parsePo, type PoBlock, type PoFile } from './po-blocks.ts';
import { declaredPluralForms } from './po-header.ts';
import { formSources, pluralFormsFor, type PluralForms, type PoSource } from './plural-forms.ts';
import type { PluralSource } from '../../segments/plural-categories.ts';

/** The target catalogue as it stands: what a render merges into. */
export interface TargetCatalogue {
  /** Undefined when there is no target yet (or it is empty): the template is the base. */
  readonly file?: PoFile;
  /** The catalogue's own Plural-Forms, or the built-in ones when it declares none. */
  readonly forms: PluralForms;
  readonly sources: readonly PluralSource<PoSource>[];
  /** Live entries by key, and obsolete ones (revived) whose key no live entry has. */
  readonly byKey: ReadonlyMap<string, PoBlock>;
  /** Keys of the live entries. */
  readonly live: ReadonlySet<string>;
}

export function hasTranslation(entry: GetTextTranslation): boolean {
  return entry.msgstr.some((s) => s !== '');
}

/** An obsolete entry as a live one again (its msgid is back in the source), or undefined if it does not parse. */
export function revive(block: PoBlock): PoBlock | undefined {
  const text = block.text.split(/\r?\n/).map((l) => l.replace(/^#~ ?/, '')).join('\n');
  try {
    const revived = parsePo(text).blocks[0];
    return revived?.kind === 'entry' ? revived : undefined;
  } catch {
    return undefined;
  }
}

function parseExisting(target: TargetContext<PoOptions>): { file?: PoFile; forms?: PluralForms } {
  if (target.existing === undefined) return {};
  try {
    const file = parsePo(target.existing);
    return { file: file.blocks.length ? file : undefined, forms: declaredPluralForms(file.blocks.find((b) => b.kind === 'header')) };
  } catch (error) {
    const e = error as FormatError;
    throw new FormatError(`existing target catalogue for ${target.locale} is malformed (line ${e.line ?? '?'}: ${e.message}); fix or remove it`);
  }
}

/** Reads the target once per call: its entries, and the plural forms it declares (honoured over the built-in table). */
export function targetCatalogue(target: TargetContext<PoOptions>): TargetCatalogue {
  const { file, forms: declared } = parseExisting(target);
  const forms = declared ?? pluralFormsFor(target.locale);
  const blocks = file?.blocks ?? [];
  const byKey = new Map(blocks.filter((b) => b.key).map((b) => [b.key!, b]));
  const live = new Set(byKey.keys());
  for (const b of blocks) {
    const revived = b.kind === 'obsolete' ? revive(b) : undefined;
    if (revived && !byKey.has(revived.key!)) byKey.set(revived.key!, revived);
  }
  return { file, forms, sources: formSources(forms), byKey, live };
}
