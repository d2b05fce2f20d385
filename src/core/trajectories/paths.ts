/**
 * An optimizer's path over a 2-D surface: the optimizer of the registry (the update training uses) on a
 * two-element parameter vector, with the surface's gradient, at a constant rate. As in a PyTorch loop,
 * each step evaluates f and ∇f at the current point, records f, then steps; the last point's f closes
 * the record, so a path of N steps has N + 1 points and values. An optimizer that takes a closure
 * (L-BFGS) gets the surface's value and gradient at its current point as one.
 */
import { LossLabError } from '../errors';
import { createClosureOptimizer, createOptimizer, getOptimizer } from '../optimizers';
import { type PathOptimizer, getPathOptimizer } from './optimizers';
import type { Domain, Surface2D } from './types';

export interface PathResult {
  id: string;
  label: string;
  lr: number;
  xs: number[];
  ys: number[];
  /** f at each point. */
  losses: number[];
  status: 'completed' | 'diverged';
  /** Why the path stopped early, naming the step; null when it ran all its steps. */
  message: string | null;
}

/** A path that leaves its domain by this many widths has diverged, finite or not. */
const ESCAPE_WIDTHS = 10;

function escaped(x: number, y: number, d: Domain): boolean {
  const wx = d.x[1] - d.x[0];
  const wy = d.y[1] - d.y[0];
  return (
    x < d.x[0] - ESCAPE_WIDTHS * wx ||
    x > d.x[1] + ESCAPE_WIDTHS * wx ||
    y < d.y[0] - ESCAPE_WIDTHS * wy ||
    y > d.y[1] + ESCAPE_WIDTHS * wy
  );
}

export function checkSteps(steps: number, field = 'steps'): number {
  if (!Number.isInteger(steps) || steps < 1 || steps > 100_000)
    throw new LossLabError(`${field} must be an integer from 1 to 100000, got ${steps}`, { field });
  return steps;
}

/** One step of the path optimizer from `p`, where `g` holds ∇f. */
function stepper(spec: PathOptimizer, rate: number, surface: Surface2D): (p: Float64Array, g: Float64Array) => void {
  const given = { ...spec.params, lr: rate };
  const path = `optimizers.${spec.id}`;
  if (getOptimizer(spec.optimizer).closure) {
    const { optimizer } = createClosureOptimizer(spec.optimizer, 2, given, path);
    return (p, g) => optimizer.step(p, g, rate, () => surface.evaluate(p, g));
  }
  const { optimizer } = createOptimizer(spec.optimizer, 2, given, path);
  return (p, g) => optimizer.step(p, g, rate);
}

/** Runs the path optimizer `id` for `steps` steps at rate `lr` (the surface's own rate when omitted). */
export function runPath(surface: Surface2D, id: string, steps: number, lr?: number): PathResult {
  const spec = getPathOptimizer(id);
  const rate = lr ?? surface.lrs[spec.id] ?? 0.01;
  if (!(rate > 0 && Number.isFinite(rate)))
    throw new LossLabError(`the learning rate of ${spec.id} must be a positive number, got ${rate}`, { field: 'lr' });
  checkSteps(steps);
  const step = stepper(spec, rate, surface);
  const p = Float64Array.from(surface.start);
  const g = new Float64Array(2);
  const xs = [p[0]];
  const ys = [p[1]];
  const losses: number[] = [];
  let message: string | null = null;
  for (let t = 0; ; t++) {
    const f = surface.evaluate(p, g);
    losses.push(f);
    if (!Number.isFinite(f) || !Number.isFinite(g[0]) || !Number.isFinite(g[1])) {
      message = `diverged at step ${t}: the ${Number.isFinite(f) ? 'gradient' : 'loss'} is not finite`;
      break;
    }
    if (t === steps) break;
    step(p, g);
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      message = `diverged at step ${t + 1}: the point is not finite`;
      break;
    }
    xs.push(p[0]);
    ys.push(p[1]);
    if (escaped(p[0], p[1], surface.domain)) {
      losses.push(surface.evaluate(p, null));
      message = `diverged at step ${t + 1}: left the plotted region by more than ${ESCAPE_WIDTHS} times its size`;
      break;
    }
  }
  return {
    id: spec.id,
    label: spec.label,
    lr: rate,
    xs,
    ys,
    losses,
    status: message ? 'diverged' : 'completed',
    message,
  };
}
