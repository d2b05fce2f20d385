/**
 * A paired comparison of two configurations over the same seeds: the differences d_i = a_i − b_i, their
 * mean with a t-interval (mean ± t_{1−α/2, n−1} · s / √n), and an exact two-sided sign test (the
 * binomial test of the number of positive differences against p = ½, ties dropped, as scipy's
 * `binomtest(k, n).pvalue` computes it: the sum of the probabilities no larger than that of k).
 */
import { meanStd } from './describe';
import { tQuantile } from './tDistribution';

export interface PairedComparison {
  /** Seeds with a value in both configurations. */
  n: number;
  meanDiff: number;
  /** The confidence interval of the mean difference; null with fewer than two pairs. */
  interval: [number, number] | null;
  level: number;
  /** Differences above and below zero (ties count in neither). */
  positive: number;
  negative: number;
  /** The sign test's two-sided p-value; 1 when every difference is 0. */
  signP: number;
}

function binomialPmf(k: number, n: number): number {
  // ln C(n, k) as a sum, exact enough for the few dozen seeds a comparison has.
  let log = 0;
  for (let i = 1; i <= k; i++) log += Math.log(n - k + i) - Math.log(i);
  return Math.exp(log - n * Math.LN2);
}

/** The exact two-sided binomial test of k successes in n trials at p = ½. */
export function signTestP(k: number, n: number): number {
  if (n === 0) return 1;
  const pk = binomialPmf(k, n);
  let p = 0;
  // scipy compares with a relative tolerance so that the mirror image of k (equal in exact arithmetic) counts.
  for (let i = 0; i <= n; i++) {
    const pi = binomialPmf(i, n);
    if (pi <= pk * (1 + 1e-7)) p += pi;
  }
  return Math.min(1, p);
}

/** The paired comparison of `a` and `b` (value i of each from the same seed). */
export function pairedComparison(a: readonly number[], b: readonly number[], level = 0.95): PairedComparison {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length: ${a.length} and ${b.length}`);
  const d = a.map((x, i) => x - b[i]);
  const { mean, std, n } = meanStd(d);
  const half = n > 1 ? (tQuantile(1 - (1 - level) / 2, n - 1) * std) / Math.sqrt(n) : null;
  const positive = d.filter((x) => x > 0).length;
  const negative = d.filter((x) => x < 0).length;
  return {
    n,
    meanDiff: mean,
    interval: half === null ? null : [mean - half, mean + half],
    level,
    positive,
    negative,
    signP: signTestP(positive, positive + negative),
  };
}

/** One sentence on whether the interval excludes 0, for the dashboard and the terminal. */
export function pairedVerdict(c: PairedComparison, what: string, fmt: (x: number) => string): string {
  if (!c.interval) return `${what}: one seed only; repeat over more seeds to compare.`;
  const [lo, hi] = c.interval;
  const pct = Math.round(c.level * 100);
  const signs = `sign test ${c.positive}+/${c.negative}−, p = ${fmt(c.signP)}`;
  if (lo > 0 || hi < 0)
    return `${what}: A − B = ${fmt(c.meanDiff)}, ${pct}% interval [${fmt(lo)}, ${fmt(hi)}] excludes 0 over ${c.n} seeds (${signs}): the difference is real at this level.`;
  return `${what}: A − B = ${fmt(c.meanDiff)}, ${pct}% interval [${fmt(lo)}, ${fmt(hi)}] includes 0 over ${c.n} seeds (${signs}): no difference shown.`;
}
