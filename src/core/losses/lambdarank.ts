/**
 * LambdaRank (Burges, Ragno & Le 2006; Burges 2010, "From RankNet to LambdaRank to LambdaMART"): RankNet's
 * pair gradients, each weighted by |ΔNDCG|, how much NDCG would change if the two rows swapped places in
 * the ranking the current scores make. The weights are constants of the step, so the loss whose gradient
 * these lambdas are is Σ |ΔNDCG|·softplus(−σ(s_hi − s_lo)).
 *
 * Normalization: divided by the batch's Σ |ΔNDCG| (a weighted mean of RankNet's pair losses), so that its
 * values and its learning rates are on RankNet's scale, and a batch with many pairs does not take larger
 * steps than one with few. LightGBM normalizes per query in a similar spirit (`lambdarank_norm`).
 */
import { byScore, discount, gain, idealDcg } from '../ranking/dcg';
import type { PairWeights } from './ranking';

/** |ΔNDCG| of swapping each pair of a group's rows, for the ranking of `scores`. */
export function ndcgSwapWeights(scores: ArrayLike<number>, relevance: ArrayLike<number>): PairWeights {
  return (rows) => {
    const ideal = idealDcg(rows, relevance);
    const position = new Map<number, number>();
    byScore(rows, scores).forEach((row, p) => position.set(row, p));
    return (hi, lo) => {
      if (ideal === 0) return 0;
      const dGain = gain(relevance[hi]) - gain(relevance[lo]);
      const dDiscount = discount(position.get(hi)!) - discount(position.get(lo)!);
      return Math.abs(dGain * dDiscount) / ideal;
    };
  };
}
