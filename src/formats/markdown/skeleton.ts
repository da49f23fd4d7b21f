import type { Nodes, Root } from 'mdast';
import { withoutPrefixes } from './inline-text.ts';
import { parseMarkdown } from './parse-markdown.ts';

const VERBATIM = new Set<string>(['inlineCode', 'html', 'toml', 'math', 'inlineMath', 'mdxjsEsm', 'mdxFlowExpression', 'mdxTextExpression']);

/**
 * What must not change between a source document and its translation: block types and order,
 * heading levels, list and table shapes, code (byte for byte), link and image destinations,
 * front-matter keys. Text is left out.
 */
export function blockSkeleton(tree: Root, frontMatterKeys: (yaml: string) => string[]): string[] {
  const out: string[] = [];
  const visit = (node: Nodes, depth: number) => {
    const pad = ' '.repeat(depth);
    switch (node.type) {
      case 'heading':
        out.push(`${pad}heading ${node.depth}`);
        break;
      case 'list':
        out.push(`${pad}list ordered=${node.ordered} start=${node.start ?? ''} items=${node.children.length}`);
        break;
      case 'listItem':
        out.push(`${pad}item checked=${node.checked}`);
        break;
      case 'table':
        out.push(`${pad}table rows=${node.children.length} cols=${node.children.map((r) => r.children.length).join(',')} align=${(node.align ?? []).join(',')}`);
        break;
      case 'code':
        out.push(`${pad}code ${node.lang ?? ''} ${node.meta ?? ''} ${JSON.stringify(node.value)}`);
        break;
      case 'yaml':
        out.push(`${pad}yaml keys=${frontMatterKeys(node.value).join(',')}`);
        break;
      case 'link':
      case 'image':
        out.push(`${pad}${node.type} ${node.url}`); // titles are translated
        break;
      case 'definition':
        out.push(`${pad}definition ${node.identifier} ${node.url}`);
        break;
      case 'linkReference':
      case 'imageReference':
        out.push(`${pad}${node.type} ${node.identifier}`);
        break;
      case 'text':
        return;
      default:
        // Code-like nodes (inline code, HTML, TOML, math, MDX) must come back byte for byte.
        out.push(VERBATIM.has(node.type) && 'value' in node ? `${pad}${node.type} ${JSON.stringify(node.value)}` : `${pad}${node.type}`);
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes, depth + 1);
  };
  visit(tree, 0);
  return out;
}

/** The inline node types of a one-block text (its emphasis, links, code), or null when it is not one block. */
export function inlineSkeleton(text: string): string[] | null {
  const tree = parseMarkdown(text);
  if (tree.children.length !== 1 || tree.children[0].type !== 'paragraph') return null;
  const out: string[] = [];
  const visit = (node: Nodes) => {
    if (node.type !== 'text' && node.type !== 'paragraph') out.push(node.type);
    if ('children' in node) for (const c of node.children) visit(c as Nodes);
  };
  visit(tree.children[0]);
  return out;
}

/** The segment check of Markdown text: with its syntax put back, the translation parses to the same inline nodes. */
export function checkMarkdownInline(source: string, translation: string, tokens: readonly string[]): string | null {
  const real = (text: string) => text.replace(/\{(\d+)\}/g, (whole, n: string) => (n in tokens ? withoutPrefixes(tokens[Number(n)]) : whole));
  source = real(source);
  translation = real(translation);
  // A heading's or cell's text may read as a block of its own when alone (`1. Step`): compared after a neutral word.
  const lead = inlineSkeleton(source) ? '' : 'x ';
  const want = inlineSkeleton(lead + source);
  if (!want) return null;
  const got = inlineSkeleton(lead + translation);
  if (!got) return 'the translation is not one paragraph of text';
  return want.join(',') === got.join(',') ? null : `Markdown syntax changed: ${want.join(',') || 'plain text'} became ${got.join(',') || 'plain text'}`;
}
