/**
 * A min–max envelope of a long per-step series: its x range cut into equal buckets (about one per
 * pixel), each drawn from its smallest to its largest value. Under the smoothed line it shows every
 * spike and dip of the raw values, where drawing them as a line would need decimation to drop points.
 */
import type { Line, Pt } from './series';

export interface Bucket {
  /** The bucket's x span; neighbours share their edge, so the envelope has no gaps between them. */
  x0: number;
  x1: number;
  min: number;
  max: number;
  /** The steps of its first and last point. */
  s0: number;
  s1: number;
}

/** The non-empty buckets of `points` (sorted by x, with the step of each in `steps`), at most `count`. */
export function envelopeBuckets(points: readonly Pt[], steps: readonly number[], count: number): Bucket[] {
  const n = points.length;
  if (n === 0 || count < 1) return [];
  const first = points[0].x;
  const span = points[n - 1].x - first;
  const buckets = span > 0 ? Math.floor(count) : 1;
  const edge = (k: number) => (k === buckets ? points[n - 1].x : first + (span * k) / buckets);
  const out: Bucket[] = [];
  let k = -1;
  for (let i = 0; i < n; i++) {
    const { x, y } = points[i];
    const b = span > 0 ? Math.min(buckets - 1, Math.floor(((x - first) / span) * buckets)) : 0;
    if (b !== k) {
      k = b;
      // min/max with x guard the edges against rounding in the bucket index.
      out.push({ x0: Math.min(edge(b), x), x1: Math.max(edge(b + 1), x), min: y, max: y, s0: steps[i], s1: steps[i] });
      continue;
    }
    const last = out[out.length - 1];
    if (x > last.x1) last.x1 = x;
    if (y < last.min) last.min = y;
    if (y > last.max) last.max = y;
    last.s1 = steps[i];
  }
  return out;
}

/** The envelope's upper and lower edges as stairs, sorted by x: the upper one fills down to the lower. */
export function envelopeEdges(buckets: readonly Bucket[]): {
  upper: Pick<Line, 'points' | 'steps'>;
  lower: Pick<Line, 'points' | 'steps'>;
} {
  const upper: Pick<Line, 'points' | 'steps'> = { points: [], steps: [] };
  const lower: Pick<Line, 'points' | 'steps'> = { points: [], steps: [] };
  for (const b of buckets) {
    upper.points.push({ x: b.x0, y: b.max }, { x: b.x1, y: b.max });
    lower.points.push({ x: b.x0, y: b.min }, { x: b.x1, y: b.min });
    upper.steps.push(b.s0, b.s1);
    lower.steps.push(b.s0, b.s1);
  }
  return { upper, lower };
}
