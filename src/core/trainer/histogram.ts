/** Counts of values in bins, as the residuals chart and the generate dashboard's histograms draw them. */
export interface Histogram {
  /** bins + 1 ascending edges; bin i is [edges[i], edges[i+1]), the last one closed on the right. */
  edges: number[];
  counts: number[];
}

/** A histogram finer than this shows noise rather than a shape. */
const MAX_BINS = 60;

/** Rice's rule, ⌈2·∛n⌉ bins, at most MAX_BINS. */
export function histogramBins(n: number): number {
  return Math.max(1, Math.min(MAX_BINS, Math.ceil(2 * Math.cbrt(n))));
}

/**
 * numpy's `histogram(values, bins)`: equal-width bins over [min, max] (min ± 0.5 when all values are
 * equal), the last bin closed; a value is placed by arithmetic and then moved across an edge it was
 * rounded past, as numpy does, so the counts agree with it exactly. With `range` (numpy's `range=`), the
 * bins span it instead and values outside it are left out.
 */
export function histogram(values: readonly number[], bins: number, range?: readonly [number, number]): Histogram {
  if (values.length === 0) return { edges: [], counts: [] };
  let [lo, hi] = range ?? [Infinity, -Infinity];
  if (!range)
    for (const v of values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  // The same arithmetic as numpy's linspace and its index computation.
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : i * width + lo));
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    if (v < lo || v > hi) continue;
    let i = Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins));
    if (v < edges[i]) i--;
    else if (i < bins - 1 && v >= edges[i + 1]) i++;
    counts[i]++;
  }
  return { edges, counts };
}
