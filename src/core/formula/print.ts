/**
 * Prints a tree back as formula text with only the parentheses the grammar needs. The text parses back
 * to the same tree (left-associative operators get parentheses on a right operand of their own level).
 */
import type { Node } from './types';

/** Binding strength, as in parse.ts: higher binds tighter. */
const enum Level {
  Cond = 1,
  Compare,
  Sum,
  Product,
  Unary,
  Power,
  Atom,
}

function render(n: Node): [text: string, level: Level] {
  switch (n.kind) {
    case 'num':
      return n.value < 0 || Object.is(n.value, -0)
        ? [`-${numberText(-n.value)}`, Level.Unary]
        : [numberText(n.value), Level.Atom];
    case 'var':
      return [n.name, Level.Atom];
    case 'neg':
      return [`-${show(n.arg, Level.Unary)}`, Level.Unary];
    case 'binary':
      return renderBinary(n);
    case 'compare':
      return [`${show(n.left, Level.Sum)} ${n.op} ${show(n.right, Level.Sum)}`, Level.Compare];
    case 'call':
      return [`${n.fn}(${n.args.map((a) => show(a, Level.Cond)).join(', ')})`, Level.Atom];
    case 'cond':
      return [`${show(n.test, Level.Compare)} ? ${show(n.then, Level.Cond)} : ${show(n.else, Level.Cond)}`, Level.Cond];
  }
}

function renderBinary(n: Extract<Node, { kind: 'binary' }>): [text: string, level: Level] {
  switch (n.op) {
    case '+':
    case '-':
      return [`${show(n.left, Level.Sum)} ${n.op} ${show(n.right, Level.Product)}`, Level.Sum];
    case '*':
    case '/':
      return [`${show(n.left, Level.Product)}${n.op}${show(n.right, Level.Unary)}`, Level.Product];
    case '^':
      return [`${show(n.left, Level.Atom)}^${show(n.right, Level.Unary)}`, Level.Power];
  }
}

/** Non-finite constants (from folding, say 1/0) have no literal; they print as an expression for them. */
function numberText(v: number): string {
  if (v === Infinity) return '(1/0)';
  if (Number.isNaN(v)) return '(0/0)';
  return String(v);
}

function show(n: Node, atLeast: Level): string {
  const [text, level] = render(n);
  return level < atLeast ? `(${text})` : text;
}

export function formulaText(tree: Node): string {
  return show(tree, Level.Cond);
}
