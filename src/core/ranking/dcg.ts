/**
 * Discounted cumulative gain as LightGBM and most rankers count it: gain 2^rel − 1, discount
 * 1 / log2(position + 2) for 0-based positions. One home for both, shared by the NDCG metric and
 * LambdaRank's pair weights.
 */

export function gain(relevance: number): number {
  return 2 ** relevance - 1;
}

export function discount(position: number): number {
  return 1 / Math.log2(position + 2);
}

/** Row indices of `rows` by descending `score`, ties kept in their given order (a stable sort). */
export function byScore(rows: readonly number[], score: ArrayLike<number>): number[] {
  return [...rows].sort((a, b) => score[b] - score[a]);
}

/** DCG of the first `k` rows of `ranked` (all of them when k is Infinity). */
export function dcg(ranked: readonly number[], relevance: ArrayLike<number>, k = Infinity): number {
  let sum = 0;
  const end = Math.min(k, ranked.length);
  for (let p = 0; p < end; p++) sum += gain(relevance[ranked[p]]) * discount(p);
  return sum;
}

/** The DCG of the best order of `rows`: by descending relevance. */
export function idealDcg(rows: readonly number[], relevance: ArrayLike<number>, k = Infinity): number {
  return dcg(byScore(rows, relevance), relevance, k);
}
