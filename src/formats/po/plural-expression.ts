import jsep from 'jsep';

type Node = jsep.Expression;

/** C's operators as gettext evaluates them on an unsigned count: comparisons and logic give 0 or 1. */
const BINARY: Readonly<Record<string, (a: number, b: number) => number>> = {
  '==': (a, b) => Number(a === b),
  '!=': (a, b) => Number(a !== b),
  '<': (a, b) => Number(a < b),
  '<=': (a, b) => Number(a <= b),
  '>': (a, b) => Number(a > b),
  '>=': (a, b) => Number(a >= b),
  '&&': (a, b) => Number(a !== 0 && b !== 0),
  '||': (a, b) => Number(a !== 0 || b !== 0),
  '%': (a, b) => a % b,
  '/': (a, b) => Math.trunc(a / b),
  '*': (a, b) => a * b,
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
};

/** Refuses anything but `n`, number literals, C operators, parentheses and `?:`: no call, member or name reaches evaluation. */
function check(node: Node): void {
  switch (node.type) {
    case 'Literal':
      if (typeof node.value !== 'number' || !Number.isInteger(node.value)) throw new Error(`unexpected ${String(node.raw)}`);
      return;
    case 'Identifier':
      if (node.name !== 'n') throw new Error(`unexpected name ${String(node.name)}`);
      return;
    case 'UnaryExpression':
      if (node.operator !== '!' && node.operator !== '-' && node.operator !== '+') throw new Error(`unexpected operator ${String(node.operator)}`);
      return check(node.argument as Node);
    case 'BinaryExpression':
      if (!Object.hasOwn(BINARY, node.operator as string)) throw new Error(`unexpected operator ${String(node.operator)}`);
      check(node.left as Node);
      return check(node.right as Node);
    case 'ConditionalExpression':
      check(node.test as Node);
      check(node.consequent as Node);
      return check(node.alternate as Node);
    default:
      throw new Error(`unexpected ${node.type}`);
  }
}

function evaluate(node: Node, n: number): number {
  switch (node.type) {
    case 'Literal':
      return node.value as number;
    case 'Identifier':
      return n;
    case 'UnaryExpression': {
      const v = evaluate(node.argument as Node, n);
      return node.operator === '!' ? Number(v === 0) : node.operator === '-' ? -v : v;
    }
    case 'ConditionalExpression':
      return evaluate(node.test as Node, n) !== 0 ? evaluate(node.consequent as Node, n) : evaluate(node.alternate as Node, n);
    default:
      return BINARY[node.operator as string](evaluate(node.left as Node, n), evaluate(node.right as Node, n));
  }
}

/**
 * A gettext plural expression (`n%10==1 && n%100!=11 ? 0 : …`) as a function of n, parsed into a
 * syntax tree (jsep) and evaluated without `eval`: a catalogue's formula is untrusted input.
 */
export function compilePluralExpression(expression: string): (n: number) => number {
  const tree = jsep(expression);
  check(tree);
  return (n) => evaluate(tree, n);
}
