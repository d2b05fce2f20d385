import type { InterpolationView } from '../../src/protocol/solutionViews';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DashboardExtras } from '../../src/views/dashboardExtras';
import { parseWebviewMessage } from '../../src/protocol/webview';
import { type LrFindView, type SchedulePreviewView, rangeTestTitle } from '../../src/protocol/experimentViews';

test('useLearningRate: a range test id and a positive finite rate, nothing else', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'useLearningRate', id: 'lr-1', lr: 0.003 }), {
    type: 'useLearningRate',
    id: 'lr-1',
    lr: 0.003,
  });
  for (const bad of [
    { type: 'useLearningRate', id: 'lr-1' },
    { type: 'useLearningRate', id: 'lr-1', lr: '0.003' },
    { type: 'useLearningRate', id: 'lr-1', lr: 0 },
    { type: 'useLearningRate', id: 'lr-1', lr: -1 },
    { type: 'useLearningRate', id: 'lr-1', lr: Infinity },
    { type: 'useLearningRate', id: 'lr-1', lr: NaN },
    { type: 'useLearningRate', id: '../x', lr: 0.1 },
    { type: 'useLearningRate', id: 'lr-1', lr: 0.1, file: '/etc/passwd' },
  ])
    assert.equal(parseWebviewMessage(bad), null, JSON.stringify(bad));
});

test('exportPytorch: a run id only (the host picks where to write)', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'exportPytorch', runId: '20250101-abc' }), {
    type: 'exportPytorch',
    runId: '20250101-abc',
  });
  for (const bad of [
    { type: 'exportPytorch' },
    { type: 'exportPytorch', runId: '../../etc' },
    { type: 'exportPytorch', runId: 'a/b' },
    { type: 'exportPytorch', runId: 'a', path: '/tmp/x.py' },
  ])
    assert.equal(parseWebviewMessage(bad), null, JSON.stringify(bad));
});

test('sampleRows: a run id only (the host asks how many rows and where to write them)', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'sampleRows', runId: '20250101-abc' }), {
    type: 'sampleRows',
    runId: '20250101-abc',
  });
  for (const bad of [
    { type: 'sampleRows' },
    { type: 'sampleRows', runId: '../../etc' },
    { type: 'sampleRows', runId: 'a', n: 1e9 },
    { type: 'sampleRows', runId: 'a', path: '/tmp/x.csv' },
  ])
    assert.equal(parseWebviewMessage(bad), null, JSON.stringify(bad));
});

test('closeCard: one of the tool cards, nothing else', () => {
  for (const card of ['lrFind', 'schedulePreview'])
    assert.deepEqual(parseWebviewMessage({ type: 'closeCard', card }), { type: 'closeCard', card });
  for (const bad of [
    { type: 'closeCard' },
    { type: 'closeCard', card: 'sweep' },
    { type: 'closeCard', card: 'lrFind', id: 'lr-1' },
    { type: 'closeCard', card: ['lrFind'] },
  ])
    assert.equal(parseWebviewMessage(bad), null, JSON.stringify(bad));
});

test('a closed card is not sent again when the panel reloads; the other card is', () => {
  const extras = new DashboardExtras();
  extras.lrFind = { id: 'lr-1' } as unknown as LrFindView;
  extras.preview = { file: 'a.losslab.json' } as unknown as SchedulePreviewView;
  extras.interpolation = { loss: 'mse' } as unknown as InterpolationView;
  extras.close('lrFind');
  assert.deepEqual(extras.messages().slice(1), [
    { type: 'lrFind', lrFind: null },
    { type: 'schedulePreview', preview: extras.preview },
    { type: 'interpolation', interpolation: extras.interpolation },
  ]);
  extras.close('schedulePreview');
  assert.equal(extras.preview, null);
  extras.close('interpolation');
  assert.deepEqual(extras.messages().at(-1), { type: 'interpolation', interpolation: null });
  assert.equal(extras.lrFind, null);
});

test("a range test's title names the optimizer once", () => {
  assert.equal(rangeTestTitle('adam', 'adam'), 'adam');
  assert.equal(rangeTestTitle('Adam, warm start', 'adam'), 'Adam, warm start');
  assert.equal(rangeTestTitle('lr=0.03 hidden=[8]', 'sgd'), 'lr=0.03 hidden=[8] · sgd');
  assert.equal(rangeTestTitle('iris.csv', 'rmsprop'), 'iris.csv · rmsprop');
});

test('restartRun: a run id only (the host asks for the rate)', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'restartRun', runId: 'live-3' }), {
    type: 'restartRun',
    runId: 'live-3',
  });
  assert.equal(parseWebviewMessage({ type: 'restartRun', runId: 'live-3', lr: 1 }), null);
  assert.equal(parseWebviewMessage({ type: 'restartRun', runId: '../x y' }), null);
});
