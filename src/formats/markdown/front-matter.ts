import { isMap, isScalar, isSeq, parseDocument, Scalar } from 'yaml';

export interface FrontMatterValue {
  readonly key: string;
  readonly value: string;
  /** Offsets within the YAML text. */
  readonly start: number;
  readonly end: number;
  readonly plain: boolean;
}

/** A key path as configured: `title`, `hero.tagline`, `features[].details` (`[]`: every item of a list). */
function pathParts(key: string): string[] {
  return key.split('.').flatMap((part) => (part.endsWith('[]') ? [part.slice(0, -2), '[]'] : [part])).filter(Boolean);
}

/**
 * String values at the configured key paths in YAML front matter, with their positions; `key` names
 * the value found (`features[1].title`). Block scalars (`|`, `>`) are left alone.
 */
export function frontMatterValues(yaml: string, keys: readonly string[]): FrontMatterValue[] {
  const doc = parseDocument(yaml, { keepSourceTokens: true });
  if (doc.errors.length || !isMap(doc.contents)) return [];
  const out: FrontMatterValue[] = [];
  const visit = (node: unknown, parts: readonly string[], name: string) => {
    if (!parts.length) {
      if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return;
      if (node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL) return;
      out.push({ key: name, value: node.value, start: node.range[0], end: node.range[1], plain: node.type === Scalar.PLAIN });
      return;
    }
    const [head, ...rest] = parts;
    if (head === '[]') {
      if (isSeq(node)) node.items.forEach((item, i) => visit(item, rest, `${name}[${i}]`));
      return;
    }
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (isScalar(pair.key) && String(pair.key.value) === head) visit(pair.value, rest, name ? `${name}.${head}` : head);
    }
  };
  for (const key of keys) visit(doc.contents, pathParts(key), '');
  return out.sort((a, b) => a.start - b.start);
}

export function frontMatterKeys(yaml: string): string[] {
  const doc = parseDocument(yaml);
  if (!isMap(doc.contents)) return [];
  return doc.contents.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '?'));
}

/** A YAML scalar for a translated value: plain when that reads back the same, else double-quoted. */
export function yamlScalar(value: string, plainBefore: boolean): string {
  if (plainBefore && !/^[\s\-?:,[\]{}#&*!|>'"%@`]|[:#]\s|\s$|[\n\r]/.test(value)) {
    const back = parseDocument(`k: ${value}`).get('k');
    if (back === value) return value;
  }
  return JSON.stringify(value);
}
