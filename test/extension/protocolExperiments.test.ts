import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebviewMessage } from '../../src/protocol';

test('useLearningRate: a range test id and a positive finite rate, nothing else', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'useLearningRate', id: 'lr-1', lr: 0.003 }), { type: 'useLearningRate', id: 'lr-1', lr: 0.003 });
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
  assert.deepEqual(parseWebviewMessage({ type: 'exportPytorch', runId: '20250101-abc' }), { type: 'exportPytorch', runId: '20250101-abc' });
  for (const bad of [
    { type: 'exportPytorch' },
    { type: 'exportPytorch', runId: '../../etc' },
    { type: 'exportPytorch', runId: 'a/b' },
    { type: 'exportPytorch', runId: 'a', path: '/tmp/x.py' },
  ])
    assert.equal(parseWebviewMessage(bad), null, JSON.stringify(bad));
});
