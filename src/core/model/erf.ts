/**
 * The error function to double precision, which JavaScript lacks and exact GELU needs.
 *
 * |x| < 2.5: erf(x) = (2/sqrt(pi)) e^{-x^2} sum_n (2x^2)^n x / (1·3·…·(2n+1)). Every term is positive,
 *            so there is no cancellation (unlike the alternating Maclaurin series).
 * |x| >= 2.5: erf(x) = 1 - erfc(x), erfc(x) = e^{-x^2}/sqrt(pi) · K(x) with K the continued fraction
 *            1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by the modified Lentz method.
 */
const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** erf(x) for 0 <= x < 2.5 by the positive series. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 0; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 3);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x >= 2.5 by the continued fraction. */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) return x < 0 ? -erfSeries(ax) : erfSeries(ax);
  if (ax > 6) return Math.sign(x);
  const v = 1 - erfcContinuedFraction(ax);
  return x < 0 ? -v : v;
}
