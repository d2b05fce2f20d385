/**
 * Ranking metrics against values worked by hand and by scikit-learn: `ndcg_score` with y_true = 2^rel − 1
 * (its DCG takes y_true as the gain) gives the NDCGs below, `average_precision_score(rel > 0, scores)` the AP.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { averagePrecision, ndcgAt, rankingMetrics, reciprocalRank } from '../../src/core/trainer/rankingMetrics';
import { byScore } from '../../src/core/ranking/dcg';

const close = (a: number, e: number) => assert.ok(Math.abs(a - e) < 1e-12, `${a} vs ${e}`);

test('NDCG of a reversed list: (1/log2 3 + 3/log2 4) / (3 + 1/log2 3)', () => {
  const rel = [0, 1, 2];
  const ranked = byScore([0, 1, 2], [3, 2, 1]);
  close(ndcgAt(ranked, rel, 10), (1 / Math.log2(3) + 3 / 2) / (3 + 1 / Math.log2(3)));
  close(ndcgAt(ranked, rel, 10), 0.5868826714357201); // scikit-learn
  close(ndcgAt(ranked, rel, 1), 0);
});

test('NDCG@k, AP and reciprocal rank of a five-row group (scikit-learn: 0.51517…, 0.07094…, 0.58888…)', () => {
  const rel = [3, 0, 2, 0, 1];
  const ranked = byScore([0, 1, 2, 3, 4], [0.1, 0.9, 0.5, 0.3, 0.7]);
  assert.deepEqual(ranked, [1, 4, 2, 3, 0]);
  close(ndcgAt(ranked, rel, 10), 0.5151717205507945);
  close(ndcgAt(ranked, rel, 2), 0.07094846566967604);
  close(averagePrecision(ranked, rel), (1 / 2 + 2 / 3 + 3 / 5) / 3);
  close(reciprocalRank(ranked, rel), 1 / 2);
});

test('a group with no relevant row counts as 1 in every metric; the metrics average over groups', () => {
  // Group 7: perfect order; group 3: nothing relevant; group 5: the relevant row last of two.
  const group = [7, 3, 7, 5, 3, 5];
  const rel = [2, 0, 1, 0, 0, 1];
  const scores = [0.9, 0.1, 0.2, 0.8, 0.5, 0.3];
  const m = rankingMetrics(scores, rel, group);
  const last = 1 / Math.log2(3); // group 5's NDCG: its one gain at position 1 over the ideal at 0
  close(m['ndcg@10'], (1 + 1 + last) / 3);
  close(m['ndcg@5'], (1 + 1 + last) / 3);
  close(m.map, (1 + 1 + 1 / 2) / 3);
  close(m.mrr, (1 + 1 + 1 / 2) / 3);
});

test('ties in score keep the rows in their given order', () => {
  assert.deepEqual(byScore([4, 2, 9], [0, 0, 5, 0, 5, 0, 0, 0, 0, 1]), [4, 2, 9]);
});
