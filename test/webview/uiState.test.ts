import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyHostSmoothing, defaultUiState, restoreUiState } from '../../webview/uiState';

test('restoreUiState: garbage gives the defaults', () => {
  for (const raw of [undefined, null, 3, 'x', []]) assert.deepEqual(restoreUiState(raw), defaultUiState());
});

test('restoreUiState keeps valid fields and drops bad ones one by one', () => {
  const s = restoreUiState({
    smoothing: 5,
    xAxis: 'time',
    logY: { loss: true, lr: 'yes', bogus: true },
    metric: 'f1',
    hiddenRuns: ['a', 3, 'b'],
    layerNorms: 'no',
    ignoreOutliers: false,
    paused: 'a',
  });
  assert.equal(s.smoothing, 0.999);
  assert.equal(s.xAxis, 'time');
  assert.deepEqual(s.logY, { ...defaultUiState().logY, loss: true });
  assert.equal(s.metric, 'f1');
  assert.deepEqual(s.hiddenRuns, ['a', 'b']);
  assert.equal(s.layerNorms, false);
  assert.equal(s.ignoreOutliers, false);
  assert.deepEqual(s.paused, []);
  assert.equal(restoreUiState({ xAxis: 'wall' }).xAxis, 'step');
  assert.equal(restoreUiState({ band: 'std' }).band, 'std');
  assert.equal(restoreUiState({ band: 'iqr' }).band, 'minmax');
});

test('applyHostSmoothing: a new host setting wins, the same one leaves the slider alone', () => {
  const first = applyHostSmoothing(defaultUiState(), 0.8);
  assert.equal(first.smoothing, 0.8);
  const moved = { ...first, smoothing: 0.3 };
  assert.equal(applyHostSmoothing(moved, 0.8), moved, 'a reload resends the same setting');
  assert.equal(applyHostSmoothing(moved, 0.9).smoothing, 0.9, 'the user changed the setting');
});

test('restoreUiState: a chart’s own x axis and log-x come back when valid', () => {
  const s = restoreUiState({
    xBy: { loss: 'lr', metric: 'metric:f1', gradNorm: 'bogus', nope: 'lr' },
    logX: { loss: true, lr: 'yes' },
  });
  assert.deepEqual(s.xBy, { loss: 'lr', metric: 'metric:f1' });
  assert.deepEqual(s.logX, { loss: true });
  assert.deepEqual(restoreUiState({ xBy: 3, logX: null }).xBy, {});
});
