import type { TargetContext } from '../format.ts';
import type { PoOptions } from './po-options.ts';
import { obsoleteEntry, type PoBlock, type PoFile } from './po-blocks.ts';
import { hasTranslation, revive, type TargetCatalogue } from './po-catalogue.ts';
import { entryText } from './po-entry.ts';
import { compileHeader, editHeader, GENERATED_FIELDS, headerFields, requiredFields } from './po-header.ts';
import { packageVersion } from '../../util/package-version.ts';

function revisionDate(now: Date): string {
  return `${now.toISOString().slice(0, 16).replace('T', ' ')}+0000`;
}

function revisionFields(): Record<string, string> {
  return { 'PO-Revision-Date': revisionDate(new Date()), 'X-Generator': `translate-locales ${packageVersion()}` };
}

/** A new catalogue from the template: its blocks, order and blank lines, with a header for the target. */
export function renderNew(template: PoFile, target: TargetContext<PoOptions>, catalogue: TargetCatalogue, translations: ReadonlyMap<string, string>): string {
  const { blocks, gaps, newline } = template;
  const header = blocks.find((b) => b.kind === 'header');
  const fields = { ...requiredFields({}, target.locale, catalogue.forms), 'Plural-Forms': catalogue.forms.expression, ...GENERATED_FIELDS, ...revisionFields() };
  let out = gaps[0];
  if (!header) out += compileHeader(undefined, fields, newline) + newline + newline;
  blocks.forEach((block, i) => {
    let text = block.text;
    if (block.kind === 'header') text = compileHeader(block.entry, fields, newline);
    else if (block.kind === 'entry') text = entryText(block, undefined, target, catalogue, translations, newline).text;
    out += text + (i < blocks.length - 1 ? gaps[i + 1] : '');
  });
  return out + gaps[blocks.length];
}

interface Piece {
  readonly text: string;
  /** The white space before it. */
  readonly gap: string;
}

/**
 * The target catalogue as the team keeps it (its order, header, comments and blank lines), merged
 * with the template as msgmerge would: entries new in the template go in template order after the
 * entry that precedes them there; translated entries whose msgid left go to the end as `#~`.
 * The header gets a new PO-Revision-Date only when a msgstr changed.
 */
export function renderMerged(template: PoFile, target: TargetContext<PoOptions>, catalogue: TargetCatalogue, translations: ReadonlyMap<string, string>): string {
  const file = catalogue.file!;
  const { newline } = file;
  const pair = newline + newline;
  const entries = template.blocks.filter((b) => b.kind === 'entry');
  const inTemplate = new Map(entries.map((b) => [b.key!, b]));
  // Template entries with no live target entry, by the live entry (or '' for the top) they follow.
  const after = new Map<string, PoBlock[]>();
  let anchor = '';
  for (const b of entries) {
    if (catalogue.live.has(b.key!)) anchor = b.key!;
    else after.set(anchor, [...(after.get(anchor) ?? []), b]);
  }
  let revised = false;
  const render = (b: PoBlock) => {
    const r = entryText(b, catalogue.byKey.get(b.key!), target, catalogue, translations, newline);
    revised ||= r.revised;
    return r.text;
  };
  const pieces: Piece[] = [];
  const insert = (key: string) => {
    for (const b of after.get(key) ?? []) pieces.push({ text: render(b), gap: pair });
  };
  const gone: string[] = [];
  let headerAt = -1;
  if (!file.blocks.some((b) => b.kind === 'header')) insert('');
  file.blocks.forEach((block, i) => {
    const gap = file.gaps[i];
    if (block.kind === 'header') {
      headerAt = pieces.length;
      pieces.push({ text: block.text, gap });
      insert('');
    } else if (block.kind === 'entry') {
      const source = inTemplate.get(block.key!);
      if (source) pieces.push({ text: render(source), gap });
      else if (hasTranslation(block.entry!)) gone.push(obsoleteEntry(block, newline));
      if (source) insert(block.key!);
    } else {
      // An obsolete entry whose msgid is back was inserted as a live entry in template order.
      const back = block.kind === 'obsolete' ? revive(block) : undefined;
      if (!back || !inTemplate.has(back.key!) || catalogue.live.has(back.key!)) pieces.push({ text: block.text, gap });
    }
  });
  for (const text of gone) pieces.push({ text, gap: pair });
  const header = file.blocks.find((b) => b.kind === 'header');
  const fields = { ...requiredFields(headerFields(header?.entry), target.locale, catalogue.forms), ...(revised ? revisionFields() : {}) };
  if (header) pieces[headerAt] = { text: editHeader(header, fields, newline), gap: pieces[headerAt].gap };
  else {
    if (pieces.length) pieces[0] = { text: pieces[0].text, gap: pair };
    pieces.unshift({ text: compileHeader(undefined, { ...fields, 'Plural-Forms': catalogue.forms.expression }, newline), gap: '' });
  }
  return pieces.map((p, i) => (i === 0 ? file.gaps[0] : p.gap) + p.text).join('') + file.gaps[file.blocks.length];
}
