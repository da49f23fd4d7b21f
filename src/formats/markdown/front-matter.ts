import { isMap, isScalar, parseDocument, Scalar } from 'yaml';

export interface FrontMatterValue {
  readonly key: string;
  readonly value: string;
  /** Offsets within the YAML text. */
  readonly start: number;
  readonly end: number;
  readonly plain: boolean;
}

/** Top-level string values of the named keys in YAML front matter, with their positions. */
export function frontMatterValues(yaml: string, keys: readonly string[]): FrontMatterValue[] {
  const doc = parseDocument(yaml, { keepSourceTokens: true });
  if (doc.errors.length || !isMap(doc.contents)) return [];
  const out: FrontMatterValue[] = [];
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key) || !keys.includes(String(pair.key.value))) continue;
    const v = pair.value;
    if (!isScalar(v) || typeof v.value !== 'string' || !v.range) continue;
    if (v.type === Scalar.BLOCK_FOLDED || v.type === Scalar.BLOCK_LITERAL) continue;
    out.push({ key: String(pair.key.value), value: v.value, start: v.range[0], end: v.range[1], plain: v.type === Scalar.PLAIN });
  }
  return out;
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
