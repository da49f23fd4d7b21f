import { po, type GetTextTranslation } from 'gettext-parser';
import { FormatError } from '../../errors/format-error.ts';
import type { PoBlock } from './po-blocks.ts';
import { compilePluralForms, type PluralForms } from './plural-forms.ts';

/** The header's fields in order, as gettext-parser decodes them. */
export function headerFields(header: GetTextTranslation | undefined): Record<string, string> {
  return header ? po.parse(`msgid ""\nmsgstr ${JSON.stringify(header.msgstr[0] ?? '')}\n`).headers : {};
}

function field(fields: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(fields).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : fields[key];
}

/** The header block with new header fields (other fields and comments kept, `fuzzy` dropped). */
export function compileHeader(header: GetTextTranslation | undefined, fields: Record<string, string>, newline: string): string {
  const headers: Record<string, string> = { ...headerFields(header) };
  for (const [k, v] of Object.entries(fields)) {
    const current = Object.keys(headers).find((h) => h.toLowerCase() === k.toLowerCase());
    headers[current ?? k] = v;
  }
  const flags = (header?.comments?.flag ?? '').split(',').map((f) => f.trim()).filter((f) => f && f !== 'fuzzy');
  const entry = { msgid: '', msgstr: [''], comments: { ...(header?.comments ?? {}), flag: flags.join(', ') } } as GetTextTranslation;
  const out = po.compile({ charset: 'UTF-8', headers, translations: { '': { '': entry } } }, { foldLength: 79 }).toString('utf8');
  // gettext-parser lowercases the charset (gettext's own tools write UTF-8) and writes an empty comment line as `# `.
  return out.trim().split(/\n\n/)[0].replace('charset=utf-8\\n', 'charset=UTF-8\\n').replace(/^# $/gm, '#').replace(/\n/g, newline);
}

/** POT's `nplurals=INTEGER; plural=EXPRESSION;`: a catalogue that has not chosen its forms yet. */
function undeclared(plural: string | undefined): boolean {
  return !plural || /INTEGER|EXPRESSION/.test(plural);
}

/** The catalogue's own Plural-Forms, if it declares a real one (not POT's `nplurals=INTEGER` placeholder). */
export function declaredPluralForms(header: PoBlock | undefined): PluralForms | undefined {
  const value = field(headerFields(header?.entry), 'Plural-Forms');
  if (undeclared(value)) return undefined;
  try {
    return compilePluralForms(value!);
  } catch (error) {
    const at = header!.text.split(/\r?\n/).findIndex((l) => /^"Plural-Forms:/i.test(l));
    throw new FormatError((error as Error).message, header!.line + Math.max(at, 0));
  }
}

/** The fields a catalogue must have for this tool to write it: added when missing, never replaced when present. */
export function requiredFields(current: Record<string, string>, locale: string, forms: PluralForms): Record<string, string> {
  const out: Record<string, string> = {};
  if (!field(current, 'Language')) out.Language = locale.replace(/-/g, '_');
  if (undeclared(field(current, 'Plural-Forms'))) out['Plural-Forms'] = forms.expression;
  // Written as UTF-8 whatever it was read as.
  if (!/charset=utf-8\s*$/i.test(field(current, 'Content-Type') ?? '')) out['Content-Type'] = 'text/plain; charset=UTF-8';
  if (!field(current, 'Content-Transfer-Encoding')) out['Content-Transfer-Encoding'] = '8bit';
  return out;
}

/**
 * Set in a catalogue made from a template, as `msginit --no-translator` ("the PO file is automatically
 * generated") sets them: the template's translator and team (its placeholders, or another language's
 * team) are not this catalogue's. An existing catalogue's are its team's, never touched.
 */
export const GENERATED_FIELDS: Readonly<Record<string, string>> = { 'Last-Translator': 'Automatically generated', 'Language-Team': 'none' };

/** One decoded string per msgstr line of the header (the `msgstr` line itself, then its continuations). */
function decodedLines(lines: readonly string[]): string[] {
  return lines.map((l) => po.parse(`msgid ""\nmsgstr ${l.replace(/^msgstr\s*/, '')}\n`).translations['']['']?.msgstr[0] ?? '');
}

function quoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

/**
 * The header block with `fields` set and every other byte kept (translator credits, Last-Translator,
 * Language-Team, folding): a field that is one whole line is replaced in place, a new one is added
 * at the end. A header whose fields are folded mid-line is rewritten by gettext-parser instead.
 */
export function editHeader(block: PoBlock, fields: Record<string, string>, newline: string): string {
  const names = Object.keys(fields);
  if (!names.length) return block.text;
  const lines = block.text.split(/\r?\n/);
  const at = lines.findIndex((l) => l.startsWith('msgstr'));
  const fallback = () => compileHeader(block.entry, fields, newline);
  if (at < 0) return fallback();
  const body = lines.slice(at);
  const decoded = decodedLines(body);
  const todo = new Map(names.map((n) => [n.toLowerCase(), n]));
  const out = body.map((line, i) => {
    const starts = i === 0 || decoded[i - 1] === '' || decoded[i - 1].endsWith('\n');
    const name = /^([^:\n]+):/.exec(decoded[i])?.[1];
    const mine = name ? todo.get(name.toLowerCase()) : undefined;
    if (!starts || !name || !mine || decoded[i].indexOf('\n') !== decoded[i].length - 1) return line;
    todo.delete(name.toLowerCase());
    const text = quoted(`${name}: ${fields[mine]}\n`);
    return i === 0 ? `msgstr ${text}` : text;
  });
  const current = headerFields(block.entry);
  const last = decoded.filter((d) => d !== '').pop() ?? '';
  // A field folded over several lines, or a last line without its newline: leave it to gettext-parser.
  if ([...todo.values()].some((n) => field(current, n) !== undefined) || (todo.size && last && !last.endsWith('\n'))) return fallback();
  for (const name of todo.values()) out.push(quoted(`${name}: ${fields[name]}\n`));
  const comments = lines.slice(0, at).flatMap((l) => {
    if (!l.startsWith('#,')) return [l];
    const flags = l.slice(2).split(',').map((f) => f.trim()).filter((f) => f && f !== 'fuzzy');
    return flags.length ? [`#, ${flags.join(', ')}`] : [];
  });
  return [...comments, ...out].join(newline);
}
