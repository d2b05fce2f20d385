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
  /**
   * What persists across outer steps, named as PyTorch's state: the direction `d` and step `t`, the previous
   * gradient, the kept pairs (y in `old_dirs`, s in `old_stps`, oldest first; ρ = 1/yᵀs is recomputed),
   * H₀ and the iterations over all outer steps.
   */
  readonly state: {
    d: Float64Array;
    t: number;
    prev_flat_grad: Float64Array;
    old_dirs: Float64Array[];
    old_stps: Float64Array[];
    H_diag: number;
    n_iter: number;
  };
  /** Scratch: the gradient, the line search's start, the recursion's coefficients. */
  private readonly g: Float64Array;
  private readonly x0: Float64Array;
  private readonly al: Float64Array;

  constructor(
    private readonly size: number,
    private readonly o: LbfgsOptions,
  ) {
    this.state = {
      d: new Float64Array(size),
      t: 0,
      prev_flat_grad: new Float64Array(size),
      old_dirs: [],
      old_stps: [],
      H_diag: 1,
      n_iter: 0,
    };
    this.g = new Float64Array(size);
    this.x0 = new Float64Array(size);
    this.al = new Float64Array(o.historySize);
  }

  step(params: Float64Array, grads: Float64Array, lr: number, closure: Closure): number {
    const { o, g, state } = this;
    const { d } = state;
    let loss = closure();
    let evals = 1;
    g.set(grads);
    if (maxAbs(g) <= o.toleranceGrad) return evals;
    for (let iter = 1; iter <= o.maxIter; iter++) {
      state.n_iter++;
      this.direction();
      state.prev_flat_grad.set(g);
      const prevLoss = loss;
      state.t = state.n_iter === 1 ? Math.min(1, 1 / sumAbs(g)) * lr : lr;
      const gtd = dot(g, d);
      if (gtd > -o.toleranceChange) break;
      let optimal = false;
      if (o.strongWolfe) {
        const r = strongWolfe(this.along(params, grads, closure), d, state.t, loss, g, gtd);
        ({ f: loss, t: state.t } = r);
        g.set(r.g);
        evals += r.evals;
        addScaled(params, state.t, d);
        optimal = maxAbs(g) <= o.toleranceGrad;
      } else {
        addScaled(params, state.t, d);
        // PyTorch does not re-evaluate after the last iteration (no use in a stochastic setting).
        if (iter !== o.maxIter) {
          loss = closure();
          g.set(grads);
          evals++;
          optimal = maxAbs(g) <= o.toleranceGrad;
        }
      }
      if (iter === o.maxIter || evals >= o.maxEval || optimal) break;
      if (maxAbs(d) * Math.abs(state.t) <= o.toleranceChange || Math.abs(loss - prevLoss) < o.toleranceChange) break;
    }
    return evals;
  }

  /** The new direction d from the gradient g: −g at first, then the two-loop recursion over the history. */
  private direction(): void {
    const { g, al, state } = this;
    const { d, old_dirs: ys, old_stps: ss } = state;
    const n = this.size;
    if (state.n_iter === 1) {
      for (let i = 0; i < n; i++) d[i] = -g[i];
      ys.length = 0;
      ss.length = 0;
      state.H_diag = 1;
      return;
    }
    this.remember();
    const ro = ys.map((y, k) => 1 / dot(y, ss[k]));
    for (let i = 0; i < n; i++) d[i] = -g[i];
    for (let k = ys.length - 1; k >= 0; k--) {
      al[k] = dot(ss[k], d) * ro[k];
      addScaled(d, -al[k], ys[k]);
    }
    for (let i = 0; i < n; i++) d[i] *= state.H_diag;
    for (let k = 0; k < ys.length; k++) {
      const be = dot(ys[k], d) * ro[k];
      addScaled(d, al[k] - be, ss[k]);
    }
  }

  /** Keeps the pair y = g − g', s = t·d of the last move when it has positive curvature. */
  private remember(): void {
    const { g, state } = this;
    const { d, prev_flat_grad: prevG, t } = state;
    const y = new Float64Array(this.size);
    const s = new Float64Array(this.size);
    for (let i = 0; i < y.length; i++) {
      y[i] = g[i] - prevG[i];
      s[i] = d[i] * t;
    }
    const ys = dot(y, s);
    if (!(ys > 1e-10)) return;
    if (state.old_dirs.length === this.o.historySize) {
      state.old_dirs.shift();
      state.old_stps.shift();
    }
    state.old_dirs.push(y);
    state.old_stps.push(s);
    state.H_diag = ys / dot(y, y);
  }

  /** The closure along d from the current parameters, which it puts back after each call. */
  private along(params: Float64Array, grads: Float64Array, closure: Closure): LineFunction {
    const { x0 } = this;
    const { d } = this.state;
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
