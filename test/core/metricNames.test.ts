import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  LOSS_NAMES,
  MAIN_METRICS,
  METRIC_DISPLAY_ORDER,
  METRIC_NAMES,
  MONITORS,
  lowerIsBetter,
  reportedHeadline,
  taskHeadline,
} from '../../src/core/metricNames';
import { SWEEP_METRICS } from '../../src/core/sweep';
import { TASKS } from '../../src/core/tasks';
import { evaluate } from '../../src/core/trainer/metrics';
import { rankingMetrics } from '../../src/core/trainer/rankingMetrics';
import { sequenceMetrics } from '../../src/core/sequence/metrics';
import type { GenerativeLayout } from '../../src/core/generate/layout';
import { quality } from '../../src/core/generate/quality';
import { Rng } from '../../src/core/rng';

test('the metric names are the ones the trainer reports, grouped by task in its order', () => {
  const reported = (task: 'regression' | 'binary' | 'multiclass', k: number, classes: number) =>
    Object.keys(
      evaluate(
        task,
        new Float64Array([0.2, -1, 0.7, 0.1, 0.4, 2].slice(0, 2 * k)),
        2,
        k,
        new Float64Array([0, 1]),
        classes,
        (v) => v,
      ).metrics,
    );
  assert.deepEqual(reported('binary', 1, 2), METRIC_NAMES.slice(0, 6));
  assert.deepEqual(reported('multiclass', 3, 3), METRIC_NAMES.slice(0, 5));
  assert.deepEqual(reported('regression', 1, 0), METRIC_NAMES.slice(6, 10));
  assert.deepEqual(METRIC_NAMES.slice(10, 11), ['pair_accuracy']);
  const ranking = rankingMetrics([0.3, 0.1], [1, 0], [0, 0]);
  assert.deepEqual(Object.keys(ranking), METRIC_NAMES.slice(11, 15));
  const sequence = sequenceMetrics([0, 1], [0, 1], [2], ['O', 'B-X']);
  assert.deepEqual(Object.keys(sequence), METRIC_NAMES.slice(15, 19));
  assert.deepEqual(METRIC_NAMES.slice(19, 20), ['mean_score']);
  const layout: GenerativeLayout = {
    width: 3,
    blocks: [
      { kind: 'numeric', name: 'a', offset: 0, mean: 0, std: 1 },
      { kind: 'numeric', name: 'b', offset: 1, mean: 0, std: 1 },
      { kind: 'categorical', name: 'c', offset: 2, width: 1, labels: ['x'] },
    ],
  };
  const rows = {
    n: 4,
    numeric: [
      [0, 1, 2, 3],
      [1, 0, 3, 2],
    ].map((v) => Float64Array.from(v)),
    categorical: [new Int32Array(4)],
  };
  const generate = quality(layout, rows, rows, new Rng(1));
  assert.deepEqual(Object.keys(generate).sort(), [...METRIC_NAMES.slice(20)].sort());
});

test('the orders the metrics are listed in', () => {
  assert.deepEqual(METRIC_DISPLAY_ORDER, [
    'accuracy',
    'f1',
    'roc_auc',
    'precision',
    'recall',
    'log_loss',
    'r2',
    'rmse',
    'mae',
    'mse',
    'pair_accuracy',
    'ndcg@10',
    'ndcg@5',
    'map',
    'mrr',
    'token_accuracy',
    'sequence_accuracy',
    'macro_f1',
    'entity_f1',
    'mean_score',
    'c2st_auc',
    'ks_mean',
    'tvd_mean',
    'corr_diff',
  ]);
  assert.deepEqual(SWEEP_METRICS, [
    'val_loss',
    'train_loss',
    'accuracy',
    'precision',
    'recall',
    'f1',
    'log_loss',
    'roc_auc',
    'mse',
    'rmse',
    'mae',
    'r2',
    'pair_accuracy',
    'ndcg@10',
    'ndcg@5',
    'map',
    'mrr',
    'token_accuracy',
    'sequence_accuracy',
    'macro_f1',
    'entity_f1',
    'mean_score',
    'c2st_auc',
    'ks_mean',
    'tvd_mean',
    'corr_diff',
  ]);
  assert.deepEqual(MONITORS, [
    'val_loss',
    'train_loss',
    'accuracy',
    'f1',
    'r2',
    'rmse',
    'mae',
    'roc_auc',
    'pair_accuracy',
    'ndcg@10',
    'ndcg@5',
    'map',
    'mrr',
    'token_accuracy',
    'sequence_accuracy',
    'macro_f1',
    'entity_f1',
    'mean_score',
  ]);
  assert.deepEqual(
    [...MAIN_METRICS].sort(),
    METRIC_DISPLAY_ORDER.filter((m) => (MAIN_METRICS as readonly string[]).includes(m)).sort(),
  );
});

test('losses and error metrics are better lower, scores higher', () => {
  assert.deepEqual([...LOSS_NAMES, ...METRIC_NAMES].filter(lowerIsBetter), [
    'val_loss',
    'train_loss',
    'log_loss',
    'mse',
    'rmse',
    'mae',
    'c2st_auc',
    'ks_mean',
    'tvd_mean',
    'corr_diff',
  ]);
});

test('headline metrics: by task, and among what a run reported', () => {
  assert.deepEqual(TASKS.map(taskHeadline), [
    'r2',
    'accuracy',
    'accuracy',
    'val_loss',
    'pair_accuracy',
    'ndcg@10',
    'mean_score',
    'token_accuracy',
    'c2st_auc',
  ]);
  assert.equal(reportedHeadline({ sequence_accuracy: 0.5, token_accuracy: 0.9 }), 'token_accuracy');
  assert.equal(reportedHeadline({ precision: 0.5, accuracy: 0.75 }), 'accuracy');
  assert.equal(reportedHeadline({ mse: 4, r2: 0.5 }), 'r2');
  assert.equal(reportedHeadline({ pair_accuracy: 0.9 }), 'pair_accuracy');
  assert.equal(reportedHeadline({ map: 0.5, 'ndcg@10': 0.75 }), 'ndcg@10');
  assert.equal(reportedHeadline({ 'price/r2': 0.5, 'churn/accuracy': 0.75, mean_score: 0.625 }), 'mean_score');
  assert.equal(reportedHeadline({ ks_mean: 0.2, c2st_auc: 0.6 }), 'c2st_auc');
  assert.equal(reportedHeadline({}), null);
});
