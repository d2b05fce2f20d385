/**
 * Ranking metrics over groups (queries), each averaged over the groups: NDCG@k (dcg.ts's gain and
 * discount), MAP and MRR with "relevant" meaning relevance > 0. A group with no relevant row counts as 1
 * in all of them (there is nothing to rank wrongly), as LightGBM counts NDCG and MAP; ties in score keep
 * the rows' order.
 */
import { byScore, dcg } from '../ranking/dcg';
import { groupRows } from '../ranking/groups';
import type { Metrics } from './events';

/** NDCG@k of `ranked`; `ideal` is its rows by descending relevance, sorted once for every k when given. */
export function ndcgAt(
  ranked: readonly number[],
  relevance: ArrayLike<number>,
  k: number,
  ideal: readonly number[] = byScore(ranked, relevance),
): number {
  const best = dcg(ideal, relevance, k);
  return best > 0 ? dcg(ranked, relevance, k) / best : 1;
}

export function averagePrecision(ranked: readonly number[], relevance: ArrayLike<number>): number {
  let hits = 0;
  let sum = 0;
  ranked.forEach((row, p) => {
    if (relevance[row] > 0) sum += ++hits / (p + 1);
  });
  return hits > 0 ? sum / hits : 1;
}

export function reciprocalRank(ranked: readonly number[], relevance: ArrayLike<number>): number {
  const first = ranked.findIndex((row) => relevance[row] > 0);
  return first < 0 ? 1 : 1 / (first + 1);
}

/** The ranking metrics of `scores` against `relevance` for rows grouped by `group` (row i of each). */
export function rankingMetrics(
  scores: ArrayLike<number>,
  relevance: ArrayLike<number>,
  group: ArrayLike<number>,
): Metrics {
  const sums = { 'ndcg@10': 0, 'ndcg@5': 0, map: 0, mrr: 0 };
  const groups = groupRows(group);
  for (const rows of groups) {
    const ranked = byScore(rows, scores);
    const ideal = byScore(ranked, relevance);
    sums['ndcg@10'] += ndcgAt(ranked, relevance, 10, ideal);
    sums['ndcg@5'] += ndcgAt(ranked, relevance, 5, ideal);
    sums.map += averagePrecision(ranked, relevance);
    sums.mrr += reciprocalRank(ranked, relevance);
  }
  const n = groups.length;
  return { 'ndcg@10': sums['ndcg@10'] / n, 'ndcg@5': sums['ndcg@5'] / n, map: sums.map / n, mrr: sums.mrr / n };
}
