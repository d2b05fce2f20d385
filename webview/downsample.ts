/**
 * Thinning of long series, so a live run of millions of steps keeps a bounded memory in the dashboard
 * (the full record stays on disk with the host). Every row is a whole step, so the series of a step
 * (loss, gradient norm, …) stay aligned on the same x after thinning.
 */

/**
 * The rows to keep when the x range of `rows` (sorted by x) is cut into `buckets` equal spans: in each
 * span its first and last row, the rows holding each column's smallest and largest finite value (so
 * spikes and dips survive) and its first non-finite row (so a divergence stays visible). In order,
 * without repeats.
 *
 * Buckets are equal in x, not in row count: thinning the same history again (as capRows does on every
 * overflow) then keeps it spread evenly instead of squeezing what was thinned before into a few buckets.
 */
export function minMaxBuckets<T>(
  rows: readonly T[],
  buckets: number,
  x: (row: T) => number,
  columns: readonly ((row: T) => number)[],
): T[] {
  const n = rows.length;
  if (buckets < 1 || n <= buckets * 2) return rows.slice();
  const x0 = x(rows[0]);
  const span = x(rows[n - 1]) - x0;
  if (!(span > 0)) return rows.slice();
  const bucketOf = (i: number) => Math.min(buckets - 1, Math.floor(((x(rows[i]) - x0) / span) * buckets));
  const keep = new Uint8Array(n);
  for (let lo = 0; lo < n;) {
    const b = bucketOf(lo);
    let hi = lo + 1;
    while (hi < n && bucketOf(hi) === b) hi++;
    keep[lo] = keep[hi - 1] = 1;
    for (const value of columns) {
      let min = -1;
      let max = -1;
      let nonFinite = -1;
      for (let i = lo; i < hi; i++) {
        const v = value(rows[i]);
        if (!Number.isFinite(v)) {
          if (nonFinite < 0) nonFinite = i;
          continue;
        }
        if (min < 0 || v < value(rows[min])) min = i;
        if (max < 0 || v > value(rows[max])) max = i;
      }
      for (const i of [min, max, nonFinite]) if (i >= 0) keep[i] = 1;
    }
    lo = hi;
  }
  return rows.filter((_, i) => keep[i] === 1);
}

/**
 * Keeps a growing series under `max` rows: once it is longer, the newest half stays at full resolution
 * and everything older is thinned into max/4 rows' worth of buckets. Thinned rows are thinned again on
 * the next overflow, so old history keeps its shape (first, last, extremes) at ever coarser resolution.
 */
export function capRows<T>(
  rows: readonly T[],
  max: number,
  x: (row: T) => number,
  columns: readonly ((row: T) => number)[],
): T[] {
  if (rows.length <= max) return rows.slice();
  const recent = Math.floor(max / 2);
  const older = rows.slice(0, rows.length - recent);
  // A bucket keeps at most 2 rows plus 3 per column; size the buckets so the thinned part fits max/4.
  const buckets = Math.max(1, Math.floor(max / 4 / (2 + 3 * columns.length)));
  return minMaxBuckets(older, buckets, x, columns).concat(rows.slice(rows.length - recent));
}
