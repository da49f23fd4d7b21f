import { po, type GetTextTranslation, type GetTextTranslations } from 'gettext-parser';
import { FormatError } from '../../errors/format-error.ts';
import { splitSpace } from '../../segments/placeholders.ts';

/** One blank-line-separated block of a PO file: the header, an entry, an obsolete entry or bare comments. */
export interface PoBlock {
  readonly kind: 'header' | 'entry' | 'obsolete' | 'comment';
  /** The block's text, without the blank lines around it. */
  readonly text: string;
  readonly line: number;
  readonly entry?: GetTextTranslation;
  /** msgctxt + msgid (+ msgid_plural): what identifies an entry. */
  readonly key?: string;
}

export interface PoFile {
  readonly blocks: PoBlock[];
  /** The white space between and around blocks: `gaps[i]` comes before block i, `gaps[blocks.length]` at the end. */
  readonly gaps: string[];
  readonly newline: string;
}

const KEYWORD = /^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+("(?:[^"\\]|\\.)*")\s*$/;
const CONTINUATION = /^("(?:[^"\\]|\\.)*")\s*$/;
const ESCAPE = /\\(?:[ntrabfv\\"?']|[0-7]{1,3}|x[0-9A-Fa-f]+)/g;

export function entryKey(e: { msgctxt?: string; msgid: string; msgid_plural?: string }): string {
  return `${e.msgctxt ?? ''}\u0004${e.msgid}\u0000${e.msgid_plural ?? ''}`;
}

/** Checks the string syntax gettext-parser lets through: unterminated strings, unknown escapes, stray lines. */
function checkLine(line: string, lineNo: number): void {
  const t = line.trim();
  if (!t || t.startsWith('#')) return;
  const m = KEYWORD.exec(t) ?? CONTINUATION.exec(t);
  if (!m) {
    if (/^(msgctxt|msgid|msgid_plural|msgstr)|^"/.test(t)) throw new FormatError('unterminated or malformed string', lineNo);
    throw new FormatError(`unexpected text "${t.slice(0, 40)}"`, lineNo);
  }
  const quoted = m[m.length - 1];
  const bad = quoted.slice(1, -1).replace(ESCAPE, '').match(/\\./);
  if (bad) throw new FormatError(`invalid escape sequence ${bad[0]}`, lineNo);
}

/** Splits a PO file into blocks, each parsed by gettext-parser; refuses malformed input with its line. */
export function parsePo(text: string): PoFile {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const { lead: leading, core: body, trail: trailing } = splitSpace(text);
  const blocks: PoBlock[] = [];
  const gaps: string[] = [leading];
  const seen = new Map<string, number>();
  if (body) {
    // Blocks are separated by at least one blank line; the separators are kept as they are.
    const parts = body.split(/(\r?\n(?:[ \t]*\r?\n)+)/);
    let line = 1 + (leading.match(/\n/g)?.length ?? 0);
    for (let i = 0; i < parts.length; i += 2) {
      const blockText = parts[i];
      blockText.split(/\r?\n/).forEach((l, k) => checkLine(l, line + k));
      blocks.push(classify(blockText, line, seen));
      line += (blockText.match(/\n/g)?.length ?? 0) + (parts[i + 1]?.match(/\n/g)?.length ?? 0);
      if (i + 1 < parts.length) gaps.push(parts[i + 1]);
    }
  }
  gaps.push(trailing);
  return { blocks, gaps, newline };
}

function classify(text: string, line: number, seen: Map<string, number>): PoBlock {
  const live = text.split(/\r?\n/).filter((l) => !l.startsWith('#'));
  if (!live.length) {
    const obsolete = text.split(/\r?\n/).some((l) => l.startsWith('#~'));
    return { kind: obsolete ? 'obsolete' : 'comment', text, line };
  }
  let parsed: GetTextTranslations;
  try {
    parsed = po.parse(text);
  } catch (error) {
    const m = /line (\d+)/.exec((error as Error).message);
    throw new FormatError((error as Error).message.replace(/^Error parsing PO data: /, '').replace(/ at line \d+\./, ''), m ? line + Number(m[1]) - 1 : line);
  }
  const entries = Object.values(parsed.translations).flatMap((ctx) => Object.values(ctx));
  if (entries.length !== 1) throw new FormatError('entries must be separated by a blank line', line);
  const entry = entries[0];
  if (entry.msgid === '' && !entry.msgctxt) return { kind: 'header', text, line, entry };
  const key = entryKey(entry);
  const before = seen.get(key);
  if (before) throw new FormatError(`duplicate entry "${entry.msgid.slice(0, 40)}"${entry.msgctxt ? ` in context "${entry.msgctxt}"` : ''} (first at line ${before})`, line);
  seen.set(key, line);
  return { kind: 'entry', text, line, entry, key };
}

/** One entry as PO text (gettext-parser's serialisation, folded at 79 columns like msgcat). */
export function compileEntry(entry: GetTextTranslation, newline: string): string {
  const ctx = entry.msgctxt ?? '';
  const out = po.compile({ charset: 'utf-8', headers: {}, translations: { [ctx]: { [entry.msgid]: entry } } }, { foldLength: 79 }).toString('utf8');
  const blocks = out.trim().split(/\n\n/);
  return blocks[blocks.length - 1].replace(/\n/g, newline);
}

/** The msgstr lines of an entry, as gettext-parser writes them (escaped, folded at 79 columns). */
function msgstrLines(entry: GetTextTranslation, msgstr: string[]): string[] {
  const lines = compileEntry({ ...entry, msgstr, comments: undefined } as GetTextTranslation, '\n').split('\n');
  return lines.slice(lines.findIndex((l) => l.startsWith('msgstr')));
}

export interface EntryRewrite {
  readonly msgstr: string[];
  readonly flags: readonly string[];
  /** A translator comment to add, without the leading `# `. */
  readonly note?: string;
  /** Comment lines to drop (an earlier note of ours). */
  readonly drop: (line: string) => boolean;
}

/**
 * The entry's block with new msgstr lines, flags and note; every other line (comments, references,
 * previous msgids, msgctxt, msgid) keeps its bytes and its place.
 */
export function rewriteEntry(block: PoBlock, change: EntryRewrite, newline: string): string {
  const lines = block.text.split(/\r?\n/);
  const bodyAt = lines.findIndex((l) => !l.startsWith('#'));
  const comments = lines.slice(0, bodyAt).filter((l) => !change.drop(l) && !l.startsWith('#,'));
  const translator = comments.filter((l) => /^#(\s|$)/.test(l));
  const others = comments.filter((l) => !/^#(\s|$)/.test(l));
  if (change.note) translator.push(`# ${change.note}`);
  const flagLine = change.flags.length ? [`#, ${change.flags.join(', ')}`] : [];
  const previousAt = others.findIndex((l) => l.startsWith('#|'));
  const ordered = previousAt < 0 ? [...others, ...flagLine] : [...others.slice(0, previousAt), ...flagLine, ...others.slice(previousAt)];
  const body = lines.slice(bodyAt);
  const msgstrAt = body.findIndex((l) => l.startsWith('msgstr'));
  return [...translator, ...ordered, ...body.slice(0, msgstrAt), ...msgstrLines(block.entry!, change.msgstr)].join(newline);
}

/**
 * A live entry as an obsolete one (`#~ msgid …`), as msgmerge keeps a translation whose msgid left
 * the template: translator comments and flags stay, references and extracted comments go.
 */
export function obsoleteEntry(block: PoBlock, newline: string): string {
  return block.text
    .split(/\r?\n/)
    .filter((l) => !/^#[:.|]/.test(l))
    .map((l) => (l.startsWith('#') ? l : `#~ ${l}`))
    .join(newline);
}
