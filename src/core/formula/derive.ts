/**
 * Symbolic differentiation with respect to `pred`. A comparison is a step, so its derivative is 0; a
 * `?:` differentiates the branch it takes. Powers: x^c (c free of pred) gives c·x^(c-1)·x', c^x gives
 * c^x·log(c)·x', and a general a^b is differentiated as exp(b·log a).
 */
import { ONE, ZERO, add, cond, div, isNum, mul, num, pow, sub } from './build';
import { call, findFunction } from './functions';
import { type Node, PRED } from './types';

/** d tree / d pred. Shared subtrees are differentiated once, so the result shares them too. */
export function derive(tree: Node): Node {
  const memo = new Map<Node, Node>();
  const d = (n: Node): Node => {
    let out = memo.get(n);
    if (out === undefined) {
      out = rule(n, d);
      memo.set(n, out);
    }
    return out;
  };
  return d(tree);
}

function rule(n: Node, d: (n: Node) => Node): Node {
  switch (n.kind) {
    case 'num':
      return ZERO;
    case 'var':
      return n.name === PRED ? ONE : ZERO;
    case 'neg':
      return sub(ZERO, d(n.arg));
    case 'compare':
      return ZERO;
    case 'cond':
      return cond(n.test, d(n.then), d(n.else));
    case 'call': {
      const spec = findFunction(n.fn);
      if (!spec) throw new Error(`no derivative for function ${n.fn}`);
      return spec.grad(n, n.args, n.args.map(d), d);
    }
    case 'binary': {
      const { left: a, right: b } = n;
      const da = d(a);
      const db = d(b);
      switch (n.op) {
        case '+':
          return add(da, db);
        case '-':
          return sub(da, db);
        case '*':
          return add(mul(da, b), mul(a, db));
        case '/':
          // (a/b)' = a'/b - a·b'/b²
          return sub(div(da, b), div(mul(a, db), pow(b, num(2))));
        case '^':
          if (isNum(db, 0)) return mul(mul(b, pow(a, sub(b, ONE))), da);
          if (isNum(da, 0)) return mul(mul(n, call('log', [a])), db);
          return mul(n, add(mul(db, call('log', [a])), div(mul(b, da), a)));
      }
    }
  }
}
