/**
 * The strong-Wolfe line search of `torch.optim.LBFGS` (PyTorch 1.13 `_strong_wolfe` and
 * `_cubic_interpolate`, ported there from Torch7's lswolfe.lua and polyinterp.lua), quirks included:
 * the bracket phase also stops when the loss fails to decrease after its second trial, the bracket gets
 * no gradients when the search runs out of trials, and the tolerance on the bracket's width is PyTorch's
 * default 1e-9 whatever the optimizer's `tolerance_change` (LBFGS does not pass its own).
 */

/** The objective at x + t·d (one closure call, the parameters put back after): value and a fresh gradient. */
export type LineFunction = (t: number) => { f: number; g: Float64Array };

/** A trial step: its length, the loss and gradient there, and the directional derivative gᵀd. */
interface Trial {
  t: number;
  f: number;
  g: Float64Array;
  gtd: number;
}

export interface LineSearchResult {
  t: number;
  f: number;
  g: Float64Array;
  evals: number;
}

const C1 = 1e-4;
const C2 = 0.9;
const TOLERANCE_CHANGE = 1e-9;
const MAX_LS = 25;

// Python's min and max of two numbers: the first unless the second is strictly beyond it (NaN included).
const pyMin = (a: number, b: number) => (b < a ? b : a);
const pyMax = (a: number, b: number) => (b > a ? b : a);

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to `bounds`
 * (default: between the two points); their midpoint when the cubic has no minimum.
 */
export function cubicInterpolate(
  x1: number,
  f1: number,
  g1: number,
  x2: number,
  f2: number,
  g2: number,
  bounds?: [number, number],
): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 * d1 - g1 * g2;
  if (!(d2Square >= 0)) return (lo + hi) / 2;
  const d2 = Math.sqrt(d2Square);
  const minPos =
    x1 <= x2
      ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
      : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
  return pyMin(pyMax(minPos, lo), hi);
}

/** A search in progress: the bracket (one point once it satisfies the conditions), trials used, calls made. */
interface Search {
  bracket: Trial[];
  done: boolean;
  iter: number;
  evals: number;
}

/**
 * Finds a step t along `d` from loss `f`, gradient `g` and slope `gtd` (< 0) that satisfies the strong
 * Wolfe conditions f(t) <= f + c1·t·gtd and |g(t)ᵀd| <= −c2·gtd, starting from `t`.
 */
export function strongWolfe(
  phi: LineFunction,
  d: Float64Array,
  t: number,
  f: number,
  g: Float64Array,
  gtd: number,
): LineSearchResult {
  const at = (s: number): Trial => {
    const r = phi(s);
    return { t: s, f: r.f, g: r.g, gtd: dot(r.g, d) };
  };
  const search = bracketPhase(at, { t: 0, f, g, gtd }, t);
  let dNorm = 0;
  for (let i = 0; i < d.length; i++) dNorm = pyMax(dNorm, Math.abs(d[i]));
  const best = zoom(at, search, f, gtd, dNorm);
  return { t: best.t, f: best.f, g: best.g, evals: search.evals };
}

/** Grows the step (cubic extrapolation) until an interval brackets a point satisfying the conditions. */
function bracketPhase(at: (t: number) => Trial, start: Trial, t: number): Search {
  const { f, gtd } = start;
  let cur = at(t);
  let prev = start;
  let evals = 1;
  let iter = 0;
  while (iter < MAX_LS) {
    if (cur.f > f + C1 * cur.t * gtd || (iter > 1 && cur.f >= prev.f))
      return { bracket: [prev, cur], done: false, iter, evals };
    if (Math.abs(cur.gtd) <= -C2 * gtd) return { bracket: [cur], done: true, iter, evals };
    if (cur.gtd >= 0) return { bracket: [prev, cur], done: false, iter, evals };
    const minStep = cur.t + 0.01 * (cur.t - prev.t);
    const maxStep = cur.t * 10;
    const next = cubicInterpolate(prev.t, prev.f, prev.gtd, cur.t, cur.f, cur.gtd, [minStep, maxStep]);
    prev = cur;
    cur = at(next);
    evals++;
    iter++;
  }
  // Out of trials: PyTorch brackets [0, t] without slopes, which the zoom (also out of trials) never reads.
  return { bracket: [{ ...start, gtd: NaN }, cur], done: false, iter, evals };
}

/** Shrinks the bracket by cubic interpolation, kept away from its ends, until a point satisfies the conditions. */
function zoom(at: (t: number) => Trial, s: Search, f: number, gtd: number, dNorm: number): Trial {
  const b = s.bracket;
  let [lo, hi] = b[0].f <= b[b.length - 1].f ? [0, 1] : [1, 0];
  let insufficient = false;
  while (!s.done && s.iter < MAX_LS) {
    if (Math.abs(b[1].t - b[0].t) * dNorm < TOLERANCE_CHANGE) break;
    let t = cubicInterpolate(b[0].t, b[0].f, b[0].gtd, b[1].t, b[1].f, b[1].gtd);
    const top = pyMax(b[0].t, b[1].t);
    const bottom = pyMin(b[0].t, b[1].t);
    const eps = 0.1 * (top - bottom);
    if (pyMin(top - t, t - bottom) < eps) {
      // Too close to an end: accept once, and the next time (or at an end) move 10% of the bracket inside.
      if (insufficient || t >= top || t <= bottom) {
        t = Math.abs(t - top) < Math.abs(t - bottom) ? top - eps : bottom + eps;
        insufficient = false;
      } else insufficient = true;
    } else insufficient = false;
    const p = at(t);
    s.evals++;
    s.iter++;
    if (p.f > f + C1 * t * gtd || p.f >= b[lo].f) {
      b[hi] = p;
      [lo, hi] = b[0].f <= b[1].f ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(p.gtd) <= -C2 * gtd) s.done = true;
      else if (p.gtd * (b[hi].t - b[lo].t) >= 0) b[hi] = b[lo];
      b[lo] = p;
    }
  }
  return b[lo];
}
