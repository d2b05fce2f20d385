import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestOf, metricNames, pickMetric } from '../../src/views/metrics';
import { epochPoint } from './fixtures';

test('metricNames: the task’s headline metric first, unknown ones last', () => {
  const a = [epochPoint(1, { metrics: { log_loss: 0.3, roc_auc: 0.9, accuracy: 0.8, custom: 1 } })];
  const b = [epochPoint(1, { metrics: { r2: 0.5, rmse: 2 } })];
  assert.deepEqual(metricNames([a, b]), ['accuracy', 'roc_auc', 'log_loss', 'r2', 'rmse', 'custom']);
  assert.deepEqual(metricNames([]), []);
});

test('pickMetric keeps a chosen metric the runs have, else the first', () => {
  assert.equal(pickMetric('r2', ['accuracy', 'r2']), 'r2');
  assert.equal(pickMetric('f1', ['rmse', 'mae']), 'rmse');
  assert.equal(pickMetric(null, []), null);
});

test('bestOf: maximum of accuracy-like metrics, minimum of errors, first epoch on ties', () => {
  const epochs = [1, 2, 3, 4].map((e) =>
    epochPoint(e, { metrics: { accuracy: [0.5, 0.9, 0.9, 0.7][e - 1], rmse: [3, 1, 2, NaN][e - 1] } }),
  );
  assert.deepEqual(bestOf(epochs, 'accuracy'), { value: 0.9, epoch: 2 });
  assert.deepEqual(bestOf(epochs, 'rmse'), { value: 1, epoch: 2 });
  assert.equal(bestOf(epochs, 'f1'), null);
});
