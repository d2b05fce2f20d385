/**
 * Central finite-difference check of a loss's analytic gradient: an independent source of truth for
 * every loss, at any parameters and inputs.
 */
import type { LossBatch, LossSpec } from '../../src/core/losses';
import type { Params } from '../../src/core/params';

export interface GradCheckTolerance {
  /** Finite-difference step. */
  h: number;
  rtol: number;
  atol: number;
}

/** The value and the analytic gradient, written into buffers pre-filled with NaN so an unwritten element shows. */
export function analytic(loss: LossSpec, batch: LossBatch, p: Params): { value: number; grads: Float64Array[] } {
  const grads = batch.outputs.map((o) => new Float64Array(o.length).fill(Number.NaN));
  const value = loss.compute(batch, p, grads);
  return { value, grads };
}

/** (f(x + h) - f(x - h)) / 2h for every element of every output array, restoring each element after. */
export function numericGrads(loss: LossSpec, batch: LossBatch, p: Params, h: number): Float64Array[] {
  return batch.outputs.map((out) => {
    const g = new Float64Array(out.length);
    for (let i = 0; i < out.length; i++) {
      const x = out[i];
      out[i] = x + h;
      const up = loss.compute(batch, p, null);
      out[i] = x - h;
      const down = loss.compute(batch, p, null);
      out[i] = x;
      g[i] = (up - down) / (2 * h);
    }
    return g;
  });
}

/**
 * Every disagreement between the analytic and numeric gradients (empty when they agree), plus a
 * value that differs between the calls with and without gradient buffers, or that is not finite.
 */
export function gradCheck(loss: LossSpec, batch: LossBatch, p: Params, tol: GradCheckTolerance): string[] {
  const { value, grads } = analytic(loss, batch, p);
  const errors: string[] = [];
  if (!Number.isFinite(value)) errors.push(`value ${value}`);
  const plain = loss.compute(batch, p, null);
  if (plain !== value) errors.push(`value ${plain} without gradients, ${value} with`);
  const numeric = numericGrads(loss, batch, p, tol.h);
  numeric.forEach((fd, m) =>
    fd.forEach((e, i) => {
      const a = grads[m][i];
      if (!(Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e)))
        errors.push(`grad[${m}][${i}] ${a}, finite difference ${e}`);
    }),
  );
  return errors;
}

/** (f(x + h eᵢ) − f(x − h eᵢ)) / 2h for every element of `x` (changed in place, each restored after). */
export function numericGradient(f: () => number, x: Float64Array, h: number): Float64Array {
  return x.map((v, i) => {
    x[i] = v + h;
    const up = f();
    x[i] = v - h;
    const down = f();
    x[i] = v;
    return (up - down) / (2 * h);
  });
}

/** Where `analytic` and `numeric` disagree beyond `tol`, labelled; empty when they agree. */
export function disagreements(
  analytic: ArrayLike<number>,
  numeric: ArrayLike<number>,
  tol: GradCheckTolerance,
  label: string,
): string[] {
  const errors: string[] = [];
  for (let i = 0; i < numeric.length; i++) {
    const [a, e] = [analytic[i], numeric[i]];
    if (!(Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e)))
      errors.push(`${label}[${i}] ${a}, finite difference ${e}`);
  }
  return errors;
}
