/** Mean and standard deviation of a sample, as a summary over seeds reports them. */

export interface MeanStd {
  mean: number;
  /** The sample standard deviation (divisor n − 1, as numpy's `std(ddof=1)` and pandas' `std()`); 0 for one value. */
  std: number;
  n: number;
}

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Two passes (the mean first), which loses no precision when the values are close together. */
export function meanStd(xs: readonly number[]): MeanStd {
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return { mean: m, std: xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : 0, n: xs.length };
}
