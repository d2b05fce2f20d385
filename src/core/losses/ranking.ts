/**
 * Ranking losses: a pair of scores against a ±1 preference (margin ranking), and scores of rows grouped
 * by query against graded relevance (RankNet, ListNet, and the pair hinge over the same pairs). Each
 * returns the loss and, when `grad` buffers are given, overwrites them with d loss / d scores;
 * rankingLosses.ts registers the group losses for the ranking task.
 */
import { LossLabError } from '../errors';
import { groupRows } from '../ranking/groups';
import { rowMax, sigmoid, softplus, sumExpShifted } from './stable';

/** Scores of n rows, their relevance (higher is better) and the query each row belongs to (rows unsorted). */
export interface RankingBatch {
  scores: Float64Array;
  relevance: Float64Array;
  group: Float64Array;
}

function positive(name: string, v: number): void {
  if (!(v > 0 && Number.isFinite(v)))
    throw new LossLabError(`${name} must be a positive number, got ${v}`, { field: name });
}

/**
 * `torch.nn.MarginRankingLoss`: mean over i of max(0, −yᵢ(x1ᵢ − x2ᵢ) + margin), y in {−1, +1} saying
 * which of the pair should score higher. The kink at 0 gets PyTorch's subgradient, 0.
 */
export function marginRankingLoss(
  x1: Float64Array,
  x2: Float64Array,
  y: Float64Array,
  margin: number,
  grads: { x1: Float64Array; x2: Float64Array } | null,
): number {
  if (!Number.isFinite(margin))
    throw new LossLabError(`margin must be a finite number, got ${margin}`, { field: 'margin' });
  const n = x1.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const z = -y[i] * (x1[i] - x2[i]) + margin;
    const active = z > 0;
    if (active) sum += z;
    if (grads) {
      grads.x1[i] = active ? -y[i] / n : 0;
      grads.x2[i] = active ? y[i] / n : 0;
    }
  }
  return sum / n;
}

/** One pair's loss as a function of d = s_hi − s_lo (the better row's score minus the other's), and its slope. */
export interface PairLoss {
  value(d: number): number;
  slope(d: number): number;
}

/**
 * A group's pair weights: for the rows of one group, a function of the pair (better row, other row).
 * Weights are constants of the step (no gradient flows through them), as in LambdaRank.
 */
export type PairWeights = (rows: readonly number[]) => (hi: number, lo: number) => number;

/**
 * Over P, the ordered pairs (hi, lo) of one group with relevance_hi > relevance_lo, the weighted mean
 * Σ w·loss(s_hi − s_lo) / Σ w (weight 1 without `weights`: the plain mean over pairs). Ties and one-row
 * groups give no pair; with no pair at all the loss and the gradient are 0.
 */
export function pairwiseLoss(
  b: RankingBatch,
  loss: PairLoss,
  weights: PairWeights | null,
  grad: Float64Array | null,
): number {
  const { scores: s, relevance: rel } = b;
  if (grad) grad.fill(0);
  let sum = 0;
  let total = 0;
  for (const rows of groupRows(b.group)) {
    const weight = weights?.(rows);
    for (const i of rows)
      for (const j of rows) {
        if (!(rel[i] > rel[j])) continue;
        const w = weight ? weight(i, j) : 1;
        const d = s[i] - s[j];
        sum += w * loss.value(d);
        total += w;
        if (grad) {
          const g = w * loss.slope(d);
          grad[i] += g;
          grad[j] -= g;
        }
      }
  }
  if (total === 0) return 0;
  if (grad) for (let i = 0; i < grad.length; i++) grad[i] /= total;
  return sum / total;
}

/** RankNet's pair loss (Burges et al. 2005): softplus(−σd), softplus exact (no linear cut-off). */
export function ranknetPair(sigma: number): PairLoss {
  positive('sigma', sigma);
  return { value: (d) => softplus(-sigma * d), slope: (d) => -sigma * sigmoid(-sigma * d) };
}

/** RankNet: the mean of RankNet's pair loss over every pair of a group with different relevance. */
export function ranknetLoss(b: RankingBatch, sigma: number, grad: Float64Array | null): number {
  return pairwiseLoss(b, ranknetPair(sigma), null, grad);
}

/** MarginRankingLoss over the same pairs (y = +1: the better row should score higher by `margin`). */
export function marginPair(margin: number): PairLoss {
  if (!Number.isFinite(margin))
    throw new LossLabError(`margin must be a finite number, got ${margin}`, { field: 'margin' });
  return { value: (d) => Math.max(0, margin - d), slope: (d) => (margin - d > 0 ? -1 : 0) };
}

/**
 * ListNet top-one (Cao et al. 2007), temperature 1: per group g, the cross-entropy
 * −Σᵢ softmax(relevance_g)ᵢ log softmax(s_g)ᵢ, averaged over the distinct groups (a one-row group
 * contributes 0 and still counts).
 */
export function listnetLoss(b: RankingBatch, grad: Float64Array | null): number {
  const groups = groupRows(b.group);
  const most = groups.reduce((m, rows) => Math.max(m, rows.length), 0);
  // One set of scratch rows for every group: a batch has tens of groups, an evaluation thousands.
  const [s, target, p, q] = [0, 1, 2, 3].map(() => new Float64Array(most));
  let sum = 0;
  for (const rows of groups) {
    const k = rows.length;
    for (let a = 0; a < k; a++) {
      s[a] = b.scores[rows[a]];
      target[a] = b.relevance[rows[a]];
    }
    const pSum = sumExpShifted(target, 0, k, rowMax(target, 0, k), p);
    const sMax = rowMax(s, 0, k);
    const qSum = sumExpShifted(s, 0, k, sMax, q);
    const logQSum = Math.log(qSum);
    let mass = 0;
    for (let a = 0; a < k; a++) {
      p[a] /= pSum;
      mass += p[a];
      sum -= p[a] * (s[a] - sMax - logQSum);
    }
    // d/ds_a of −Σ p log softmax(s) is softmax(s)_a Σp − p_a; Σp is 1 up to rounding.
    if (grad) for (let a = 0; a < k; a++) grad[rows[a]] = ((q[a] / qSum) * mass - p[a]) / groups.length;
  }
  return sum / groups.length;
}
