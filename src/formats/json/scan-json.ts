import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';
import { FormatError } from '../../errors/format-error.ts';

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

/** Consecutive string properties of one object whose keys share a base and differ in a plural suffix (i18next `_one`/`_other`). */
export interface JsonPluralRun {
  /** JSON Pointer of the object holding them. */
  readonly parent: string;
  readonly base: string;
  /** In source order; categories are distinct. */
  readonly members: readonly (JsonStringProperty & { readonly category: string })[];
}

export interface JsonScanVisitor {
  /** A string value outside any plural run. */
  string?(value: JsonString): void;
  /** A run with `_other` and at least one more category; its members are not passed to `string`. */
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
  run: (JsonStringProperty & { category: string })[];
}

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
      visitor.plural({ parent: frame.pointer, base: PLURAL_KEY.exec(run[0].key)![1], members: run });
    } else for (const m of run) visitor.string?.(m);
  };
  /** The pointer of the value starting now, advancing the parent past it. */
  const nextPointer = (): string => {
    const frame = stack[stack.length - 1];
    if (!frame) return '';
    if (frame.array) return `${frame.pointer}/${frame.index++}`;
    return `${frame.pointer}/${pointerSegment(frame.key!.name)}`;
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
        const run = frame.run;
        if (!m) {
          flushRun(frame);
          return visitor.string?.({ pointer, value, offset, length, line });
        }
        if (run.length && (PLURAL_KEY.exec(run[0].key)![1] !== m[1] || run.some((r) => r.category === m[2]))) flushRun(frame);
        frame.run.push({ pointer, value, offset, length, line, key: key.name, keyOffset: key.offset, keyLength: key.length, category: m[2] });
      },
      onError: (error: ParseErrorCode, _offset, _length, line, character) => {
        throw new FormatError(`invalid JSON: ${printParseErrorCode(error)}`, line + 1, character + 1);
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (root) throw new FormatError('invalid JSON: no value');
}
