import { LossLabError } from '../errors';
import { num, type Params } from '../params';
import { lrParam } from './paramSpecs';
import { type LineFunction, dot, strongWolfe } from './strongWolfe';
import type { Closure, ClosureOptimizer, ClosureOptimizerSpec } from './types';

/**
 * L-BFGS as `torch.optim.LBFGS` (PyTorch 1.13 torch/optim/lbfgs.py). One outer step evaluates the
 * closure, then runs up to `max_iter` iterations; with gradient g, previous gradient g', direction d and
 * step t:
 *
 *     y ← g − g',  s ← t·d;  keep (y, s, ρ = 1/yᵀs) when yᵀs > 1e-10 (the last `history_size`), H₀ ← yᵀs / yᵀy
 *     d ← −H·g                  (the two-loop recursion over the kept pairs, d ← −g on the very first iteration)
 *     t ← lr, or min(1, 1/‖g‖₁)·lr on the very first iteration
 *     x ← x + t·d               (t from the strong-Wolfe line search when asked for)
 *
 * and stops at `max_iter` iterations, `max_eval` closure calls, max|g| <= `tolerance_grad`, or a step or
 * loss change below `tolerance_change`. The history, direction and step persist across outer steps, as
 * PyTorch's state does. Quirks kept: without a line search the last iteration does not re-evaluate, so
 * the next outer step's pair spans that move; a pair with yᵀs <= 1e-10 is dropped but the direction is
 * still recomputed with the old H₀.
 */
class Lbfgs implements ClosureOptimizer {
  readonly closure = true;
  private readonly g: Float64Array;
  private readonly prevG: Float64Array;
  private readonly d: Float64Array;
  private readonly x0: Float64Array;
  private readonly al: Float64Array;
  /** Kept pairs, oldest first. */
  private pairs: { y: Float64Array; s: Float64Array; ro: number }[] = [];
  private hDiag = 1;
  private t = 0;
  /** Iterations over all outer steps (PyTorch's state['n_iter']). */
  private nIter = 0;

  constructor(
    private readonly size: number,
    private readonly o: LbfgsOptions,
  ) {
    this.g = new Float64Array(size);
    this.prevG = new Float64Array(size);
    this.d = new Float64Array(size);
    this.x0 = new Float64Array(size);
    this.al = new Float64Array(o.historySize);
  }

  step(params: Float64Array, grads: Float64Array, lr: number, closure: Closure): number {
    const { o, g, d } = this;
    let loss = closure();
    let evals = 1;
    g.set(grads);
    if (maxAbs(g) <= o.toleranceGrad) return evals;
    for (let iter = 1; iter <= o.maxIter; iter++) {
      this.nIter++;
      this.direction();
      this.prevG.set(g);
      const prevLoss = loss;
      this.t = this.nIter === 1 ? Math.min(1, 1 / sumAbs(g)) * lr : lr;
      const gtd = dot(g, d);
      if (gtd > -o.toleranceChange) break;
      let optimal = false;
      if (o.strongWolfe) {
        const r = strongWolfe(this.along(params, grads, closure), d, this.t, loss, g, gtd);
        ({ f: loss, t: this.t } = r);
        g.set(r.g);
        evals += r.evals;
        addScaled(params, this.t, d);
        optimal = maxAbs(g) <= o.toleranceGrad;
      } else {
        addScaled(params, this.t, d);
        // PyTorch does not re-evaluate after the last iteration (no use in a stochastic setting).
        if (iter !== o.maxIter) {
          loss = closure();
          g.set(grads);
          evals++;
          optimal = maxAbs(g) <= o.toleranceGrad;
        }
      }
      if (iter === o.maxIter || evals >= o.maxEval || optimal) break;
      if (maxAbs(d) * Math.abs(this.t) <= o.toleranceChange || Math.abs(loss - prevLoss) < o.toleranceChange) break;
    }
    return evals;
  }

  /** The new direction d from the gradient g: −g at first, then the two-loop recursion over the history. */
  private direction(): void {
    const { g, d, al } = this;
    const n = this.size;
    if (this.nIter === 1) {
      for (let i = 0; i < n; i++) d[i] = -g[i];
      this.pairs = [];
      this.hDiag = 1;
      return;
    }
    this.remember();
    const pairs = this.pairs;
    for (let i = 0; i < n; i++) d[i] = -g[i];
    for (let k = pairs.length - 1; k >= 0; k--) {
      al[k] = dot(pairs[k].s, d) * pairs[k].ro;
      addScaled(d, -al[k], pairs[k].y);
    }
    for (let i = 0; i < n; i++) d[i] *= this.hDiag;
    for (let k = 0; k < pairs.length; k++) {
      const be = dot(pairs[k].y, d) * pairs[k].ro;
      addScaled(d, al[k] - be, pairs[k].s);
    }
  }

  /** Keeps the pair y = g − g', s = t·d of the last move when it has positive curvature. */
  private remember(): void {
    const { g, d, prevG, t } = this;
    const y = new Float64Array(this.size);
    const s = new Float64Array(this.size);
    for (let i = 0; i < y.length; i++) {
      y[i] = g[i] - prevG[i];
      s[i] = d[i] * t;
    }
    const ys = dot(y, s);
    if (!(ys > 1e-10)) return;
    if (this.pairs.length === this.o.historySize) this.pairs.shift();
    this.pairs.push({ y, s, ro: 1 / ys });
    this.hDiag = ys / dot(y, y);
  }

  /** The closure along d from the current parameters, which it puts back after each call. */
  private along(params: Float64Array, grads: Float64Array, closure: Closure): LineFunction {
    const { x0, d } = this;
    x0.set(params);
    return (t) => {
      for (let i = 0; i < x0.length; i++) params[i] = x0[i] + t * d[i];
      const f = closure();
      params.set(x0);
      return { f, g: Float64Array.from(grads) };
    };
  }
}

interface LbfgsOptions {
  maxIter: number;
  maxEval: number;
  toleranceGrad: number;
  toleranceChange: number;
  historySize: number;
  strongWolfe: boolean;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

function sumAbs(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += Math.abs(v[i]);
  return s;
}

/** a ← a + c·b. */
function addScaled(a: Float64Array, c: number, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] += c * b[i];
}

/** Beyond this the history alone would not fit comfortably in a worker's memory. */
const MAX_HISTORY_BYTES = 2 ** 30;

export const lbfgs: ClosureOptimizerSpec = {
  id: 'lbfgs',
  title: 'L-BFGS',
  description:
    'A quasi-Newton method: curvature from the last steps shapes each step, with an optional line search. Trains full batch.',
  closure: true,
  params: [
    lrParam(1, 'The step length of each iteration (its first guess with a line search).'),
    { name: 'max_iter', type: 'integer', default: 20, min: 1, doc: 'Iterations per outer step (one per epoch).' },
    {
      name: 'max_eval',
      type: 'integer',
      default: null,
      min: 1,
      doc: 'Loss evaluations per outer step. Default: max_iter × 5/4, rounded down.',
    },
    {
      name: 'tolerance_grad',
      type: 'number',
      default: 1e-7,
      min: 0,
      doc: 'An outer step stops once every gradient component is at most this in size.',
    },
    {
      name: 'tolerance_change',
      type: 'number',
      default: 1e-9,
      min: 0,
      doc: 'An outer step stops once a step or a change of the loss is below this.',
    },
    { name: 'history_size', type: 'integer', default: 100, min: 1, doc: 'Curvature pairs (y, s) kept.' },
    {
      name: 'line_search_fn',
      type: 'string',
      default: 'none',
      choices: ['none', 'strong_wolfe'],
      doc: "strong_wolfe: a line search for each step's length; none (PyTorch's None): the fixed step lr.",
    },
  ],
  create(size, p: Params) {
    const maxIter = num(p, 'max_iter');
    const historySize = num(p, 'history_size');
    const bytes = 2 * historySize * size * 8;
    if (bytes > MAX_HISTORY_BYTES)
      throw new LossLabError(
        `history_size ${historySize} keeps ${Math.round(bytes / 2 ** 20)} MB of curvature pairs for ${size} weights; lower history_size or use a smaller model`,
        { field: 'history_size' },
      );
    return new Lbfgs(size, {
      maxIter,
      maxEval: p.max_eval === null ? Math.floor((maxIter * 5) / 4) : num(p, 'max_eval'),
      toleranceGrad: num(p, 'tolerance_grad'),
      toleranceChange: num(p, 'tolerance_change'),
      historySize,
      strongWolfe: p.line_search_fn === 'strong_wolfe',
    });
  },
};
