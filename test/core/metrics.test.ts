import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classProbabilities,
  classificationMetrics,
  evaluate,
  regressionMetrics,
  rocAuc,
} from '../../src/core/trainer/metrics';
import { bestThresholdAccuracy } from '../../src/core/trainer/pairs';

const close = (a: number, b: number, tol = 1e-12, what = ''): void =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} ${a} vs ${b}`);

/** AUC as the share of (positive, negative) pairs ranked correctly, ties counting one half: the definition. */
function pairwiseAuc(score: number[], positive: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < score.length; i++) {
    if (!positive[i]) continue;
    for (let j = 0; j < score.length; j++) {
      if (positive[j]) continue;
      pairs++;
      wins += score[i] > score[j] ? 1 : score[i] === score[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

test('regressionMetrics: MSE, RMSE, MAE and R² of a 4-row example by hand', () => {
  // errors 1, 0, -2, 1: SSE 6; truth mean 5, SST 16 + 1 + 4 + 9 = 30.
  const m = regressionMetrics([2, 4, 5, 9], [1, 4, 7, 8], 4);
  close(m.mse, 1.5);
  close(m.rmse, Math.sqrt(1.5));
  close(m.mae, 1);
  close(m.r2, 0.8);
});

test('regressionMetrics: only the first n entries count; a perfect fit has R² 1', () => {
  const m = regressionMetrics([3, 5, 100], [3, 5, -100], 2);
  assert.equal(m.mse, 0);
  assert.equal(m.mae, 0);
  assert.equal(m.r2, 1);
});

test('rocAuc: hand-computed, with and without ties', () => {
  // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of 4 pairs in order.
  close(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true], 4), 0.75);
  // Positive 0.5 ties negative 0.5 (one half), beats 0.2; positive 0.9 beats both: 3.5 / 4.
  close(rocAuc([0.5, 0.5, 0.2, 0.9], [true, false, false, true], 4), 0.875);
  close(rocAuc([0.3, 0.3, 0.3, 0.3], [true, false, true, false], 4), 0.5);
  close(rocAuc([0.9, 0.8, 0.1], [true, true, false], 3), 1);
  close(rocAuc([0.1, 0.8, 0.9], [true, false, false], 3), 0);
});

test('rocAuc: one class only is undefined (NaN)', () => {
  assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [true, true], 2)));
  assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [false, false], 2)));
});

test('rocAuc agrees with the pairwise definition on scores with many ties', () => {
  for (let seed = 1; seed <= 5; seed++) {
    const n = 40;
    // Scores on a coarse grid so that ties are common; a small LCG keeps the test self-contained.
    let s = seed;
    const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const score = Array.from({ length: n }, () => Math.floor(next() * 6) / 6);
    const positive = Array.from({ length: n }, (_, i) => next() < 0.4 || i === 0);
    positive[1] = false;
    close(rocAuc(score, positive, n), pairwiseAuc(score, positive), 1e-12, `seed ${seed}`);
  }
});

test('classificationMetrics: 3 classes by hand, a class never predicted has precision 0', () => {
  // true:      0    0    0    1    1    2
  // predicted: 0    0    1    1    0    1   (class 2 never predicted)
  const rows = [
    [0.7, 0.2, 0.1],
    [0.5, 0.3, 0.2],
    [0.3, 0.6, 0.1],
    [0.2, 0.5, 0.3],
    [0.6, 0.3, 0.1],
    [0.1, 0.5, 0.4],
  ];
  const labels = [0, 0, 0, 1, 1, 2];
  const { metrics, confusion } = classificationMetrics(Float64Array.from(rows.flat()), labels, 6, 3);
  assert.deepEqual(confusion, [
    [2, 1, 0],
    [1, 1, 0],
    [0, 1, 0],
  ]);
  close(metrics.accuracy, 3 / 6);
  // precision per class: 2/3, 1/3, 0 (nothing predicted); recall: 2/3, 1/2, 0; F1: 2/3, 2/5, 0.
  close(metrics.precision, (2 / 3 + 1 / 3 + 0) / 3);
  close(metrics.recall, (2 / 3 + 1 / 2 + 0) / 3);
  close(metrics.f1, (2 / 3 + 2 / 5 + 0) / 3);
  const truthProb = [0.7, 0.5, 0.3, 0.5, 0.3, 0.4];
  close(metrics.log_loss, -truthProb.reduce((s, p) => s + Math.log(p), 0) / 6);
  assert.equal(metrics.roc_auc, undefined, 'roc_auc is for two classes only');
});

test('classificationMetrics: binary adds roc_auc on the positive-class probability', () => {
  const p1 = [0.2, 0.6, 0.55, 0.9, 0.4];
  const labels = [0, 0, 1, 1, 1];
  const probs = Float64Array.from(p1.flatMap((p) => [1 - p, p]));
  const { metrics, confusion } = classificationMetrics(probs, labels, 5, 2);
  // predicted 0, 1, 1, 1, 0
  assert.deepEqual(confusion, [
    [1, 1],
    [1, 2],
  ]);
  close(metrics.accuracy, 3 / 5);
  // class 0: precision 1/2, recall 1/2; class 1: precision 2/3, recall 2/3.
  close(metrics.precision, (1 / 2 + 2 / 3) / 2);
  close(metrics.recall, (1 / 2 + 2 / 3) / 2);
  close(metrics.f1, (1 / 2 + 2 / 3) / 2);
  // Positives 0.55, 0.9, 0.4 against negatives 0.2, 0.6: 0.55 beats 0.2; 0.9 beats both; 0.4 beats 0.2.
  close(metrics.roc_auc, 4 / 6);
});

test('classificationMetrics: a tie between class probabilities predicts the first class (numpy argmax)', () => {
  const { confusion } = classificationMetrics(Float64Array.from([0.5, 0.5, 0.5, 0.5]), [1, 0], 2, 2);
  assert.deepEqual(confusion, [
    [1, 0],
    [1, 0],
  ]);
});

test('classProbabilities: softmax rows sum to 1 and match exp(x) / Σ exp(x); stable for large logits', () => {
  const logits = Float64Array.from([1, 2, 3, 0, 0, 0, 1000, 1001, 999, -5, 10, 2]);
  const p = classProbabilities(logits, 4, 3, 3);
  for (let r = 0; r < 4; r++) {
    const row = Array.from(logits.subarray(r * 3, r * 3 + 3));
    // exp(x - c) / Σ exp(x - c) with c the row's first logit, a different shift than the max.
    const e = row.map((v) => Math.exp(v - row[0]));
    const sum = e.reduce((a, b) => a + b, 0);
    let total = 0;
    for (let c = 0; c < 3; c++) {
      close(p[r * 3 + c], e[c] / sum, 1e-14, `row ${r} class ${c}`);
      total += p[r * 3 + c];
    }
    close(total, 1, 1e-15, `row ${r} sum`);
  }
  close(p[3], 1 / 3);
});

test('classProbabilities: one logit is a binary sigmoid [1 - σ, σ]', () => {
  const p = classProbabilities(Float64Array.from([0, Math.log(3), -Math.log(4), 800, -800]), 5, 1, 2);
  const expected = [0.5, 0.75, 0.2, 1, 0];
  for (let r = 0; r < 5; r++) {
    close(p[r * 2 + 1], expected[r], 1e-15, `σ row ${r}`);
    close(p[r * 2] + p[r * 2 + 1], 1, 1e-15, `sum row ${r}`);
  }
});

test('evaluate: regression metrics are in the original units of the target', () => {
  // Standardized predictions and targets with scaler mean 10, std 2 → original units by hand.
  const out = Float64Array.from([0.5, -1, 2]);
  const y = Float64Array.from([0, -1.5, 1]);
  const { metrics, confusion } = evaluate('regression', out, 3, 1, y, 1, (v) => v * 2 + 10);
  // original predictions 11, 8, 14; truths 10, 7, 12; errors 1, 1, 2.
  assert.equal(confusion, null);
  close(metrics.mse, 2);
  close(metrics.mae, 4 / 3);
  // truth mean 29/3; SST = (1/3)^2 + (8/3)^2 + (7/3)^2 = 114/9.
  close(metrics.r2, 1 - 6 / (114 / 9));
});

test('evaluate: multiclass goes through softmax; distribution has no metrics', () => {
  const out = Float64Array.from([2, 0, 0, 0, 0, 3]);
  const { metrics, confusion } = evaluate('multiclass', out, 2, 3, Float64Array.from([0, 1]), 3, (v) => v);
  assert.deepEqual(confusion, [
    [1, 0, 0],
    [0, 0, 1],
    [0, 0, 0],
  ]);
  close(metrics.accuracy, 0.5);
  const lse2 = Math.log(2 + Math.exp(3));
  close(metrics.log_loss, (-(2 - Math.log(Math.exp(2) + 2)) - (0 - lse2)) / 2);
  assert.deepEqual(evaluate('distribution', out, 2, 3, new Float64Array(6), 3, (v) => v).metrics, {});
});

/** Accuracy of "similar iff distance ≤ t" maximized by trying every threshold (and one below all). */
function bruteThreshold(distance: number[], similar: number[]): number {
  let best = 0;
  for (const t of [-Infinity, ...distance]) {
    let correct = 0;
    for (let i = 0; i < distance.length; i++) correct += distance[i] <= t === (similar[i] === 1) ? 1 : 0;
    best = Math.max(best, correct);
  }
  return best / distance.length;
}

test('bestThresholdAccuracy: by hand and against trying every threshold', () => {
  // Sorted: 0.1 s, 0.2 s, 0.3 d, 0.4 s, 0.5 d: threshold 0.2 gets 4 of 5.
  close(bestThresholdAccuracy([0.3, 0.1, 0.5, 0.2, 0.4], [0, 1, 0, 1, 1], 5), 4 / 5);
  // Equal distances must go to the same side: 0.2 s, 0.2 d, 0.2 d → best is all dissimilar, 2 of 3.
  close(bestThresholdAccuracy([0.2, 0.2, 0.2], [1, 0, 0], 3), 2 / 3);
  let s = 7;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let trial = 0; trial < 20; trial++) {
    const n = 25;
    const distance = Array.from({ length: n }, () => Math.floor(next() * 8) / 4);
    const similar = Array.from({ length: n }, () => (next() < 0.5 ? 1 : 0));
    close(bestThresholdAccuracy(distance, similar, n), bruteThreshold(distance, similar), 1e-15, `trial ${trial}`);
  }
});
