/**
 * TensorBoard's "ignore outliers in chart scaling": the y axis spans the 5th to 95th percentile of what
 * is drawn, padded by 5% on each side, so one diverged run or a huge first loss does not flatten every
 * other curve against the axis. Lines still run past the edge; they are clipped, not dropped.
 *
 * Unlike TensorBoard, the range is only narrowed when the extremes would squash the rest (the full range
 * is more than SQUASH times the percentile range): a curve that is merely steep keeps its start in view.
 */

/** Quantile by linear interpolation between order statistics (d3.quantile, R's type 7) of sorted values. */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const i = Math.floor(h);
  return i + 1 < sorted.length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/** More values than this are sampled evenly before sorting; percentiles barely move. */
const MAX_SAMPLES = 2000;

export const OUTLIER_QUANTILES = [0.05, 0.95] as const;
const PADDING = 0.05;
const SQUASH = 3;

/** The y range that ignores outliers, or null to let the chart fit everything (too few points to judge). */
export function robustRange(series: readonly (readonly { y: number }[])[]): { min: number; max: number } | null {
  const total = series.reduce((n, s) => n + s.length, 0);
  if (total < 20) return null;
  const stride = Math.max(1, Math.ceil(total / MAX_SAMPLES));
  const values: number[] = [];
  for (const s of series) for (let i = 0; i < s.length; i += stride) values.push(s[i].y);
  values.sort((a, b) => a - b);
  const lo = quantileSorted(values, OUTLIER_QUANTILES[0]);
  const hi = quantileSorted(values, OUTLIER_QUANTILES[1]);
  if (values[values.length - 1] - values[0] <= SQUASH * (hi - lo)) return null;
  const { min, max } = widen(lo, hi, values[0]);
  return niceRange(min, max);
}

/**
 * [lo, hi] with 5% of its span to spare on each side (of its value when it is flat); a series whose
 * lowest value is not negative (a loss, a norm, a rate) keeps a non-negative axis.
 */
function widen(lo: number, hi: number, lowest: number): { min: number; max: number } {
  const pad = (hi - lo) * PADDING || Math.abs(hi) * PADDING || 1;
  return { min: lowest >= 0 ? Math.max(0, lo - pad) : lo - pad, max: hi + pad };
}

/**
 * Everything drawn, widened, so that a line at an extreme (an accuracy of 1, a constant learning rate)
 * does not run along the chart's edge. Null when nothing finite is drawn.
 */
export function paddedRange(series: readonly (readonly { y: number }[])[]): { min: number; max: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series)
    for (const p of s)
      if (Number.isFinite(p.y)) {
        lo = Math.min(lo, p.y);
        hi = Math.max(hi, p.y);
      }
  return lo <= hi ? widen(lo, hi, lo) : null;
}

/**
 * The y range a chart is given (null: Chart.js fits what is drawn). Noisy per-step charts may ignore
 * outliers, and otherwise fit everything, raw traces included; the others are padded. Log axes fit
 * themselves.
 */
export function yRange(
  series: readonly (readonly { y: number }[])[],
  o: { robust: boolean; ignoreOutliers: boolean; log: boolean },
): { min: number; max: number } | null {
  if (o.log) return null;
  if (o.robust) return o.ignoreOutliers ? robustRange(series) : null;
  return paddedRange(series);
}

/**
 * Widens [min, max] to multiples of a round step (1, 2 or 5 × 10^k, about a fifth of the range), so the
 * axis ends on tick labels like 0.5 rather than 0.4837.
 */
export function niceRange(min: number, max: number): { min: number; max: number } {
  const span = max - min;
  if (!(span > 0)) return { min, max };
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  // Rounding noise (0.30000000000000004) must not push a bound one step further out.
  const snap = (v: number) => Number(v.toPrecision(12));
  return { min: snap(Math.floor(snap(min / step)) * step), max: snap(Math.ceil(snap(max / step)) * step) };
}
