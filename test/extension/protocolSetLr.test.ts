/** The dashboard's live learning-rate control as the host accepts it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebviewMessage } from '../../src/protocol/webview';

test('setLr with a run id and a positive finite rate passes through unchanged', () => {
  for (const m of [
    { type: 'setLr', runId: 'live-2', lr: 0.003 },
    { type: 'setLr', runId: '20261123-133546-iris-83e7f9', lr: 1e-7 },
    { type: 'setLr', runId: 'live-1', lr: 12 },
  ])
    assert.deepEqual(parseWebviewMessage(m), m);
});

test('setLr without a valid run id or rate, or with extra keys, is rejected', () => {
  for (const m of [
    { type: 'setLr', runId: 'live-1' },
    { type: 'setLr', lr: 0.1 },
    { type: 'setLr', runId: 'live-1', lr: 0 },
    { type: 'setLr', runId: 'live-1', lr: -0.1 },
    { type: 'setLr', runId: 'live-1', lr: Number.NaN },
    { type: 'setLr', runId: 'live-1', lr: Number.POSITIVE_INFINITY },
    { type: 'setLr', runId: 'live-1', lr: '0.1' },
    { type: 'setLr', runId: 'live-1', lr: [0.1] },
    { type: 'setLr', runId: '../x', lr: 0.1 },
    { type: 'setLr', runId: 'live-1', lr: 0.1, schedule: 'cosine' },
  ])
    assert.equal(parseWebviewMessage(m), null, JSON.stringify(m));
});
