/**
 * Node constructors that simplify as they build, so a derivative comes out readable: constants fold,
 * 0·x = 0, 1·x = x, x + 0 = x, x^1 = x, a branch whose two sides agree is that side. The folds keep
 * IEEE results except where the algebra says otherwise on purpose (0·x is 0 even for an infinite x).
 */
import type { ArithOp, CompareOp, Node } from './types';

export function num(value: number): Node {
  return { kind: 'num', value };
}

export const ZERO = num(0);
export const ONE = num(1);

export function isNum(n: Node, value?: number): n is Extract<Node, { kind: 'num' }> {
  return n.kind === 'num' && (value === undefined || n.value === value);
}

/** Structural equality (shared subtrees compare by identity first). */
export function same(a: Node, b: Node): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'num':
      return b.kind === 'num' && Object.is(a.value, b.value);
    case 'var':
      return b.kind === 'var' && a.name === b.name;
    case 'neg':
      return b.kind === 'neg' && same(a.arg, b.arg);
    case 'binary':
    case 'compare':
      return b.kind === a.kind && b.op === a.op && same(a.left, b.left) && same(a.right, b.right);
    case 'call':
      return (
        b.kind === 'call' &&
        b.fn === a.fn &&
        b.args.length === a.args.length &&
        a.args.every((x, i) => same(x, b.args[i]))
      );
    case 'cond':
      return b.kind === 'cond' && same(a.test, b.test) && same(a.then, b.then) && same(a.else, b.else);
  }
}

/** The node as the parser wrote it, without simplification. */
export function binary(op: ArithOp, left: Node, right: Node): Node {
  return { kind: 'binary', op, left, right };
}

export function neg(a: Node): Node {
  if (isNum(a)) return num(-a.value);
  if (a.kind === 'neg') return a.arg;
  if (a.kind === 'binary' && a.op === '*' && isNum(a.left)) return mul(num(-a.left.value), a.right);
  return { kind: 'neg', arg: a };
}

export function add(a: Node, b: Node): Node {
  if (isNum(a) && isNum(b)) return num(a.value + b.value);
  if (isNum(a, 0)) return b;
  if (isNum(b, 0)) return a;
  // a + (-b) and a - b round the same.
  if (b.kind === 'neg') return sub(a, b.arg);
  return binary('+', a, b);
}

export function sub(a: Node, b: Node): Node {
  if (isNum(a) && isNum(b)) return num(a.value - b.value);
  if (isNum(b, 0)) return a;
  if (isNum(a, 0)) return neg(b);
  if (b.kind === 'neg') return add(a, b.arg);
  return binary('-', a, b);
}

export function mul(a: Node, b: Node): Node {
  if (isNum(a) && isNum(b)) return num(a.value * b.value);
  // Constants to the front (multiplication commutes exactly), then fold c1·(c2·x) into (c1·c2)·x.
  if (isNum(b)) return mul(b, a);
  if (isNum(a)) {
    if (a.value === 0) return ZERO;
    if (a.value === 1) return b;
    if (a.value === -1) return neg(b);
    if (b.kind === 'binary' && b.op === '*' && isNum(b.left)) return mul(num(a.value * b.left.value), b.right);
    if (b.kind === 'neg') return mul(num(-a.value), b.arg);
  }
  if (a.kind === 'neg') return neg(mul(a.arg, b));
  if (b.kind === 'neg') return neg(mul(a, b.arg));
  return binary('*', a, b);
}

export function div(a: Node, b: Node): Node {
  if (isNum(a) && isNum(b)) return num(a.value / b.value);
  if (isNum(a, 0)) return ZERO;
  if (isNum(b, 1)) return a;
  return binary('/', a, b);
}

export function pow(a: Node, b: Node): Node {
  if (isNum(a) && isNum(b)) return num(a.value ** b.value);
  if (isNum(b, 1)) return a;
  if (isNum(b, 0)) return ONE;
  return binary('^', a, b);
}

export function compareValue(op: CompareOp, a: number, b: number): number {
  switch (op) {
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
  }
}

export function compare(op: CompareOp, a: Node, b: Node): Node {
  if (isNum(a) && isNum(b)) return num(compareValue(op, a.value, b.value));
  return { kind: 'compare', op, left: a, right: b };
}

export function cond(test: Node, then: Node, otherwise: Node): Node {
  if (isNum(test) && !Number.isNaN(test.value)) return test.value !== 0 ? then : otherwise;
  if (same(then, otherwise)) return then;
  return { kind: 'cond', test, then, else: otherwise };
}
