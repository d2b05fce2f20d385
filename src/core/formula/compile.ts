/**
 * Compiles a syntax tree into nested closures `(pred, target) => number`, with the parameters bound to
 * their numbers and every subtree that reads neither pred nor target folded to a constant once. No source
 * text is generated or evaluated: the closures are fixed code chosen by node kind.
 */
import { logCosh, softplus } from '../losses/stable';
import { compareValue } from './build';
import { findFunction } from './functions';
import { type ElementFn, type Node, PRED, TARGET } from './types';

/**
 * x^c for a constant c. The exponents PyTorch's pow kernel special-cases are computed the same way
 * (pow_tensor_scalar_optimized_kernel: x·x, x·x·x, sqrt, 1/x, 1/(x·x), 1/sqrt), so (pred - target)^2 is
 * bit for bit the square that mse takes.
 */
function constantPower(base: ElementFn, c: number): ElementFn {
  switch (c) {
    case 2:
      return (p, t) => {
        const x = base(p, t);
        return x * x;
      };
    case 3:
      return (p, t) => {
        const x = base(p, t);
        return x * x * x;
      };
    case 0.5:
      return (p, t) => Math.sqrt(base(p, t));
    case -0.5:
      return (p, t) => 1 / Math.sqrt(base(p, t));
    case -1:
      return (p, t) => 1 / base(p, t);
    case -2:
      return (p, t) => {
        const x = base(p, t);
        return 1 / (x * x);
      };
    default:
      return (p, t) => base(p, t) ** c;
  }
}

export function compile(tree: Node, params: ReadonlyMap<string, number>): ElementFn {
  // Reads pred or target, per node; the tree is a DAG, so both tables are keyed by node.
  const dataMemo = new Map<Node, boolean>();
  const readsData = (n: Node): boolean => {
    let r = dataMemo.get(n);
    if (r === undefined) {
      r = childrenOf(n).some(readsData) || (n.kind === 'var' && (n.name === PRED || n.name === TARGET));
      dataMemo.set(n, r);
    }
    return r;
  };
  const memo = new Map<Node, ElementFn>();
  const c = (n: Node): ElementFn => {
    let f = memo.get(n);
    if (f === undefined) {
      f = closure(n, c, params);
      if (!readsData(n)) {
        const value = f(Number.NaN, Number.NaN);
        f = () => value;
      }
      memo.set(n, f);
    }
    return f;
  };
  return c(tree);
}

function childrenOf(n: Node): readonly Node[] {
  switch (n.kind) {
    case 'num':
    case 'var':
      return [];
    case 'neg':
      return [n.arg];
    case 'binary':
    case 'compare':
      return [n.left, n.right];
    case 'call':
      return n.args;
    case 'cond':
      return [n.test, n.then, n.else];
  }
}

function closure(n: Node, c: (n: Node) => ElementFn, params: ReadonlyMap<string, number>): ElementFn {
  switch (n.kind) {
    case 'num': {
      const v = n.value;
      return () => v;
    }
    case 'var': {
      if (n.name === PRED) return (p) => p;
      if (n.name === TARGET) return (_p, t) => t;
      const v = params.get(n.name);
      if (v === undefined) throw new Error(`parameter ${n.name} has no value`);
      return () => v;
    }
    case 'neg': {
      const a = c(n.arg);
      return (p, t) => -a(p, t);
    }
    case 'compare': {
      const a = c(n.left);
      const b = c(n.right);
      const op = n.op;
      return (p, t) => compareValue(op, a(p, t), b(p, t));
    }
    case 'cond': {
      const test = c(n.test);
      const a = c(n.then);
      const b = c(n.else);
      // A NaN test takes neither branch: the NaN reaches the loss, where divergence is detected.
      return (p, t) => {
        const v = test(p, t);
        return v === 0 ? b(p, t) : v === v ? a(p, t) : Number.NaN;
      };
    }
    case 'binary':
      return arithmetic(n, c);
    case 'call':
      return callClosure(n, c);
  }
}

function arithmetic(n: Extract<Node, { kind: 'binary' }>, c: (n: Node) => ElementFn): ElementFn {
  const a = c(n.left);
  if (n.op === '^' && n.right.kind === 'num') return constantPower(a, n.right.value);
  const b = c(n.right);
  switch (n.op) {
    case '+':
      return (p, t) => a(p, t) + b(p, t);
    case '-':
      return (p, t) => a(p, t) - b(p, t);
    case '*':
      return (p, t) => a(p, t) * b(p, t);
    case '/':
      return (p, t) => a(p, t) / b(p, t);
    case '^':
      return (p, t) => a(p, t) ** b(p, t);
  }
}

function callClosure(n: Extract<Node, { kind: 'call' }>, c: (n: Node) => ElementFn): ElementFn {
  const spec = findFunction(n.fn);
  if (!spec) throw new Error(`no function ${n.fn}`);
  const inner = n.args[0];
  // log of cosh and of sigmoid in their overflow-free forms (their slopes are special-cased in functions.ts).
  if (n.fn === 'log' && inner.kind === 'call' && inner.fn === 'cosh') {
    const u = c(inner.args[0]);
    return (p, t) => logCosh(u(p, t));
  }
  if (n.fn === 'log' && inner.kind === 'call' && inner.fn === 'sigmoid') {
    const u = c(inner.args[0]);
    return (p, t) => -softplus(-u(p, t));
  }
  const f = spec.value;
  const [a, b, d] = n.args.map(c);
  // Exactly `arity` arguments: Math.min and Math.max would read a third.
  if (spec.arity === 1) return (p, t) => f(a(p, t));
  if (spec.arity === 2) return (p, t) => f(a(p, t), b(p, t));
  return (p, t) => f(a(p, t), b(p, t), d(p, t));
}
