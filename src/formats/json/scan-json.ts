import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';
import { FormatError } from '../../errors/format-error.ts';
import { childId } from './child-id.ts';

/** Deeper nesting is refused, so no input can exhaust the stack. */
export const MAX_DEPTH = 256;

/** A string value and where its token (quotes included) lies in the text. */
export interface JsonString {
  /** JSON Pointer of the value. */
  readonly pointer: string;
  readonly value: string;
  readonly offset: number;
  readonly length: number;
  /** 1-based line of the value, for messages. */
  readonly line: number;
}

/** A property whose value is a string: the key's token and the value. */
export interface JsonStringProperty extends JsonString {
  readonly key: string;
  readonly keyOffset: number;
  readonly keyLength: number;
}

/**
 * Consecutive string properties of one object whose keys share a base and differ in a plural suffix
 * (i18next `_one`/`_other`); or i18next's bare-key form, `base` itself beside `base_one` etc.: i18next
 * looks a count up as `base_<category>` first and falls back to `base`, which so serves as `other`.
 */
export interface JsonPluralRun {
  /** JSON Pointer of the object holding them. */
  readonly parent: string;
  readonly base: string;
  /** Its `other` member is the bare key `base`, not `base_other`. */
  readonly bare: boolean;
  /** In source order; categories are distinct. */
  readonly members: readonly (JsonStringProperty & { readonly category: string })[];
}

export interface JsonScanVisitor {
  /** A string value outside any plural run. */
  string?(value: JsonString): void;
  /** A run with `_other` (or the bare key) and at least one more category; its members are not passed to `string`. */
  plural?(run: JsonPluralRun): void;
}

const PLURAL_KEY = /^(.+)_(zero|one|two|few|many|other)$/;

/** A key as one JSON Pointer segment. */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

interface Frame {
  readonly pointer: string;
  readonly array: boolean;
  /** Array: index of the next element. */
  index: number;
  /** Object: keys seen so far, for the duplicate check. */
  readonly keys?: Set<string>;
  key?: { name: string; offset: number; length: number };
  /** The run being gathered; a plain string property waits here too, as a bare key a plural key may follow. */
  run: RunMember[];
}

type RunMember = JsonStringProperty & { category: string; base: string };

const isBare = (m: RunMember) => m.key === m.base;

/**
 * One pass over strict JSON without building a tree (a 50 MB file stays one string): validates it
 * (no comments, trailing commas, duplicate keys or nesting over MAX_DEPTH) and reports string
 * values and plural runs in document order. Throws FormatError with the line of the first problem.
 */
export function scanJson(text: string, visitor: JsonScanVisitor = {}): void {
  const stack: Frame[] = [];
  let root = true;

  const flushRun = (frame: Frame) => {
    const run = frame.run;
    if (!run.length) return;
    frame.run = [];
    if (run.length >= 2 && run.some((m) => m.category === 'other') && visitor.plural) {
      visitor.plural({ parent: frame.pointer, base: run[0].base, bare: run.some(isBare), members: run });
    } else for (const m of run) visitor.string?.(m);
  };
  /** The pointer of the value starting now, advancing the parent past it. */
  const nextPointer = (): string => {
    const frame = stack[stack.length - 1];
    if (!frame) return '';
    if (frame.array) return childId(frame.pointer, '/', frame.index++);
    return childId(frame.pointer, '/', pointerSegment(frame.key!.name));
  };
  const begin = (array: boolean, line: number) => {
    const parent = stack[stack.length - 1];
    if (parent && !parent.array) flushRun(parent);
    if (stack.length >= MAX_DEPTH) throw new FormatError(`JSON nested deeper than ${MAX_DEPTH} levels`, line + 1);
    root = false;
    stack.push({ pointer: nextPointer(), array, index: 0, keys: array ? undefined : new Set(), run: [] });
  };
  const end = () => {
    const frame = stack.pop()!;
    flushRun(frame);
  };

  visit(
    text,
    {
      onObjectBegin: (_offset, _length, line) => begin(false, line),
      onArrayBegin: (_offset, _length, line) => begin(true, line),
      onObjectEnd: end,
      onArrayEnd: end,
      onObjectProperty: (name, offset, length, line, character) => {
        const frame = stack[stack.length - 1];
        if (frame.keys!.has(name)) throw new FormatError(`duplicate key "${name}"`, line + 1, character + 1);
        frame.keys!.add(name);
        frame.key = { name, offset, length };
      },
      onLiteralValue: (value: unknown, offset, length, startLine) => {
        const line = startLine + 1;
        root = false;
        const frame = stack[stack.length - 1];
        if (typeof value !== 'string') {
          if (frame && !frame.array) flushRun(frame);
          nextPointer();
          return;
        }
        const pointer = nextPointer() || '/';
        if (!frame || frame.array) return visitor.string?.({ pointer, value, offset, length, line });
        const key = frame.key!;
        const m = PLURAL_KEY.exec(key.name);
        // A key without a plural suffix is a bare key: `other` of a run if its plural siblings stand right beside it.
        const member: RunMember = { pointer, value, offset, length, line, key: key.name, keyOffset: key.offset, keyLength: key.length, category: m ? m[2] : 'other', base: m ? m[1] : key.name };
        const run = frame.run;
        const clash = run.find((r) => r.category === member.category);
        if (run.length && run[0].base !== member.base) flushRun(frame);
        else if (clash && clash === run[0] && isBare(clash) && !isBare(member)) {
          // `base`, `base_one`, `base_other`: `base_other` is `other`, and the bare key stays a plain string, as it always was.
          const bare = run.shift()!;
          visitor.string?.(bare);
        } else if (clash) flushRun(frame);
        frame.run.push(member);
      },
      onError: (error: ParseErrorCode, _offset, _length, line, character) => {
        throw new FormatError(`invalid JSON: ${printParseErrorCode(error)}`, line + 1, character + 1);
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (root) throw new FormatError('invalid JSON: no value');
}
