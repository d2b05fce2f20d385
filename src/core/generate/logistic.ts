/**
 * L2-regularized logistic regression as scikit-learn's LogisticRegression() fits it by default (C = 1: the
 * penalty ½‖w‖² plus the summed log-losses, the intercept unpenalized), by Newton's method, which converges
 * to the same unique optimum in a few steps. The classifier of the two-sample test (quality.ts).
 */
export interface Logistic {
  w: Float64Array;
  b: number;
}

const MAX_NEWTON = 50;

export function fitLogistic(x: Float64Array, y: Float64Array, d: number, c = 1): Logistic {
  const n = y.length;
  const p = d + 1;
  const theta = new Float64Array(p);
  for (let it = 0; it < MAX_NEWTON; it++) {
    const g = new Float64Array(p);
    const h = new Float64Array(p * p);
    for (let j = 0; j < d; j++) {
      g[j] = theta[j] / c;
      h[j * p + j] = 1 / c;
    }
    for (let i = 0; i < n; i++) {
      const row = (j: number) => (j < d ? x[i * d + j] : 1);
      let z = theta[d];
      for (let j = 0; j < d; j++) z += theta[j] * x[i * d + j];
      const s = 1 / (1 + Math.exp(-z));
      const wgt = s * (1 - s);
      for (let j = 0; j < p; j++) {
        g[j] += (s - y[i]) * row(j);
        for (let k = 0; k <= j; k++) h[j * p + k] += wgt * row(j) * row(k);
      }
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) h[k * p + j] = h[j * p + k];
    // A tiny ridge on the intercept keeps the system solvable when a half holds one class only.
    h[p * p - 1] += 1e-12;
    const step = solve(h, g, p);
    let size = 0;
    for (let j = 0; j < p; j++) {
      theta[j] -= step[j];
      size = Math.max(size, Math.abs(step[j]));
    }
    if (size < 1e-12) break;
  }
  return { w: theta.slice(0, d), b: theta[d] };
}

export function logisticScores(m: Logistic, x: Float64Array, d: number): Float64Array {
  const n = x.length / d;
  return Float64Array.from({ length: n }, (_, i) => {
    let z = m.b;
    for (let j = 0; j < d; j++) z += m.w[j] * x[i * d + j];
    return z;
  });
}

/** Solves A s = g for the symmetric positive definite p × p A (Cholesky). */
function solve(a: Float64Array, g: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      l[i * p + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j * p + j];
    }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = g[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * z[k];
    z[i] = s / l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * z[k];
    z[i] = s / l[i * p + i];
  }
  return z;
}
