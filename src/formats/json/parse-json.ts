import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { FormatError, lineAt } from '../format-error.ts';

/** Deeper nesting is refused before parsing, so no input can exhaust the stack. */
export const MAX_DEPTH = 256;

function checkDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) throw new FormatError(`JSON nested deeper than ${MAX_DEPTH} levels`, lineAt(text, i));
    } else if (c === 125 || c === 93) depth--;
  }
}

/** Strict JSON with positions: no comments, no trailing commas, no duplicate keys. Undefined for an empty file. */
export function parseJson(text: string): Node | undefined {
  if (!text.trim()) return undefined;
  checkDepth(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length) {
    const e = errors[0];
    throw new FormatError(`invalid JSON: ${printParseErrorCode(e.error)}`, lineAt(text, e.offset));
  }
  if (!root) throw new FormatError('invalid JSON: no value');
  // jsonc-parser is lenient where JSON.parse is not (control characters in strings, say).
  try {
    JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    throw new FormatError(`invalid JSON: ${(error as Error).message}`, at ? lineAt(text, Number(at[1])) : undefined);
  }
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const key = prop.children?.[0];
        if (key && typeof key.value === 'string') {
          if (seen.has(key.value)) throw new FormatError(`duplicate key "${key.value}"`, lineAt(text, key.offset));
          seen.add(key.value);
        }
      }
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return root;
}
