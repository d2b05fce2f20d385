/**
 * The functions a formula may call, each beside its local derivative (as micrograd keeps an operation
 * next to its backward). `grad` receives the call node, its arguments, their derivatives with respect to
 * `pred` and the differentiator itself (for rules that look inside an argument), and returns the
 * derivative of the call.
 *
 * At kinks the derivatives follow PyTorch's autograd: abs'(0) = 0 and sign' = 0; max and min send a tie
 * half to each side (torch.maximum/minimum); clamp passes the slope of x when lo <= x <= hi, ends included
 * (torch.clamp).
 */
import { sigmoid, softplus } from '../losses/stable';
import { ONE, ZERO, add, compare, cond, div, mul, neg, num, pow, same, sub } from './build';
import type { Node } from './types';

export interface FunctionSpec {
  name: string;
  arity: 1 | 2 | 3;
  /** Called with exactly `arity` numbers. */
  value: (...args: number[]) => number;
  grad: (self: Node, args: readonly Node[], d: readonly Node[], derive: (n: Node) => Node) => Node;
}

/** A one-argument function f(u) whose derivative is f'(u)·u'. */
function unary(name: string, value: (u: number) => number, slope: (u: Node, self: Node) => Node): FunctionSpec {
  return { name, arity: 1, value, grad: (self, [u], [du]) => mul(slope(u, self), du) };
}

/** A one-argument function whose derivative is u' / g(u), written as a quotient. */
function reciprocal(
  name: string,
  value: (u: number) => number,
  denominator: (u: Node, self: Node) => Node,
): FunctionSpec {
  return { name, arity: 1, value, grad: (self, [u], [du]) => div(du, denominator(u, self)) };
}

/** d/dpred of the larger (`'max'`) or smaller of a and b: the active side, a tie split evenly. */
function extremumGrad(larger: boolean): FunctionSpec['grad'] {
  return (_self, [a, b], [da, db]) => {
    if (same(da, db)) return da;
    const [aWins, bWins] = larger ? [compare('>', a, b), compare('<', a, b)] : [compare('<', a, b), compare('>', a, b)];
    return cond(aWins, da, cond(bWins, db, mul(num(0.5), add(da, db))));
  };
}

function clampValue(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

export const FUNCTIONS: readonly FunctionSpec[] = [
  unary('abs', Math.abs, (u) => call('sign', [u])),
  unary('exp', Math.exp, (_u, self) => self),
  {
    name: 'log',
    arity: 1,
    value: Math.log,
    // log∘cosh and log∘sigmoid get their closed-form slopes: sinh/cosh and sigmoid'/sigmoid overflow to
    // inf/inf long before tanh and sigmoid(-u) lose anything (see compile.ts for their values).
    grad: (_self, [u], [du], derive) => {
      if (u.kind === 'call' && u.fn === 'cosh') return mul(call('tanh', u.args), derive(u.args[0]));
      if (u.kind === 'call' && u.fn === 'sigmoid') return mul(call('sigmoid', [neg(u.args[0])]), derive(u.args[0]));
      return div(du, u);
    },
  },
  reciprocal('log1p', Math.log1p, (u) => add(ONE, u)),
  reciprocal('sqrt', Math.sqrt, (_u, self) => mul(num(2), self)),
  unary('sin', Math.sin, (u) => call('cos', [u])),
  unary('cos', Math.cos, (u) => neg(call('sin', [u]))),
  unary('tanh', Math.tanh, (_u, self) => sub(ONE, pow(self, num(2)))),
  unary('cosh', Math.cosh, (u) => call('sinh', [u])),
  unary('sinh', Math.sinh, (u) => call('cosh', [u])),
  unary('sigmoid', sigmoid, (u, self) => mul(self, call('sigmoid', [neg(u)]))),
  unary('softplus', softplus, (u) => call('sigmoid', [u])),
  unary('sign', Math.sign, () => ZERO),
  { name: 'min', arity: 2, value: Math.min, grad: extremumGrad(false) },
  { name: 'max', arity: 2, value: Math.max, grad: extremumGrad(true) },
  {
    name: 'clamp',
    arity: 3,
    value: clampValue,
    // clamp(x, lo, hi) = min(max(x, lo), hi): hi wins when x > hi (or lo > hi), then lo when x < lo.
    grad: (_self, [x, lo, hi], [dx, dlo, dhi]) =>
      cond(compare('>', x, hi), dhi, cond(compare('>', lo, hi), dhi, cond(compare('<', x, lo), dlo, dx))),
  },
];

const BY_NAME = new Map(FUNCTIONS.map((f) => [f.name, f]));

export const FUNCTION_NAMES: readonly string[] = FUNCTIONS.map((f) => f.name);

/** The function called `name`, or undefined (a Map, so `constructor` and `__proto__` name nothing). */
export function findFunction(name: string): FunctionSpec | undefined {
  return BY_NAME.get(name);
}

/** A call node; constant arguments stay unevaluated, so a derivative reads log(2) rather than 0.693... */
export function call(fn: string, args: readonly Node[]): Node {
  return { kind: 'call', fn, args };
}
