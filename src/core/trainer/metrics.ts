/**
 * Evaluation metrics, from raw model outputs. Regression metrics are in the target's original units;
 * classification reads one output as a sigmoid logit (binary) and several as softmax logits.
 * Macro averages follow scikit-learn (a class never predicted has precision 0).
 */
import { sigmoid } from '../model/activations';
import type { Task } from '../tasks';
import type { Metrics } from './events';

export interface Evaluation {
  metrics: Metrics;
  confusion: number[][] | null;
}

export function regressionMetrics(pred: ArrayLike<number>, truth: ArrayLike<number>, n: number): Metrics {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += truth[i];
  mean /= n;
  let sse = 0;
  let sae = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    const e = pred[i] - truth[i];
    sse += e * e;
    sae += Math.abs(e);
    sst += (truth[i] - mean) ** 2;
  }
  const mse = sse / n;
  return { mse, rmse: Math.sqrt(mse), mae: sae / n, r2: sst > 0 ? 1 - sse / sst : 0 };
}

/** Probability of each class per row (n × C) from logits (n × k; k = 1 means a binary sigmoid logit). */
export function classProbabilities(out: Float64Array, n: number, k: number, classes: number): Float64Array {
  const p = new Float64Array(n * classes);
  for (let r = 0; r < n; r++) {
    if (k === 1) {
      const p1 = sigmoid(out[r]);
      p[r * 2] = 1 - p1;
      p[r * 2 + 1] = p1;
      continue;
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, out[r * k + c]);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += p[r * classes + c] = Math.exp(out[r * k + c] - max);
    for (let c = 0; c < k; c++) p[r * classes + c] /= sum;
  }
  return p;
}

/** Area under the ROC curve by the rank-sum (Mann–Whitney) formula, ties given their average rank. */
export function rocAuc(score: ArrayLike<number>, positive: ArrayLike<boolean>, n: number): number {
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && score[order[j + 1]] === score[order[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) if (positive[order[t]]) rankSum += avg;
    i = j + 1;
  }
  for (let i = 0; i < n; i++) if (positive[i]) pos++;
  const neg = n - pos;
  return pos === 0 || neg === 0 ? NaN : (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function classificationMetrics(
  probs: Float64Array,
  labels: ArrayLike<number>,
  n: number,
  classes: number,
): Evaluation {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let logLoss = 0;
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[r * classes + c] > probs[r * classes + best]) best = c;
    const y = labels[r];
    confusion[y][best]++;
    logLoss -= Math.log(Math.min(Math.max(probs[r * classes + y], 1e-15), 1));
  }
  let correct = 0;
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  for (let c = 0; c < classes; c++) {
    correct += confusion[c][c];
    const predicted = confusion.reduce((s, row) => s + row[c], 0);
    const actual = confusion[c].reduce((s, v) => s + v, 0);
    const p = predicted ? confusion[c][c] / predicted : 0;
    const rc = actual ? confusion[c][c] / actual : 0;
    precision += p;
    recall += rc;
    f1 += p + rc > 0 ? (2 * p * rc) / (p + rc) : 0;
  }
  const metrics: Metrics = {
    accuracy: correct / n,
    precision: precision / classes,
    recall: recall / classes,
    f1: f1 / classes,
    log_loss: logLoss / n,
  };
  if (classes === 2) {
    const score = Array.from({ length: n }, (_, r) => probs[r * 2 + 1]);
    const positive = Array.from({ length: n }, (_, r) => labels[r] === 1);
    metrics.roc_auc = rocAuc(score, positive, n);
  }
  return { metrics, confusion };
}

/** Metrics of raw outputs for a task; `y` in training units, `unscale` maps regression values back. */
export function evaluate(
  task: Task,
  out: Float64Array,
  n: number,
  k: number,
  y: Float64Array,
  classes: number,
  unscale: (v: number) => number,
): Evaluation {
  if (task === 'regression') {
    const pred = new Float64Array(n);
    const truth = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      pred[i] = unscale(out[i * k]);
      truth[i] = unscale(y[i]);
    }
    return { metrics: regressionMetrics(pred, truth, n), confusion: null };
  }
  if (task === 'binary' || task === 'multiclass')
    return classificationMetrics(classProbabilities(out, n, k, classes), y, n, classes);
  return { metrics: {}, confusion: null };
}
