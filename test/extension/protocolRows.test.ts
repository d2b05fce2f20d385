/** The Rows card's request to open a CSV line, as the host accepts it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebviewMessage } from '../../src/protocol/webview';

test('openRowLine with a run id and a positive whole line passes through unchanged', () => {
  for (const m of [
    { type: 'openRowLine', runId: 'live-2', line: 1 },
    { type: 'openRowLine', runId: '20261123-133546-iris-83e7f9', line: 1000001 },
  ])
    assert.deepEqual(parseWebviewMessage(m), m);
});

test('openRowLine with a path, a bad line or extra keys is rejected', () => {
  for (const m of [
    { type: 'openRowLine', runId: 'live-1' },
    { type: 'openRowLine', runId: '../x', line: 3 },
    { type: 'openRowLine', runId: 'live-1', line: 0 },
    { type: 'openRowLine', runId: 'live-1', line: 2.5 },
    { type: 'openRowLine', runId: 'live-1', line: '3' },
    { type: 'openRowLine', runId: 'live-1', line: 3, file: '/etc/passwd' },
  ])
    assert.equal(parseWebviewMessage(m), null, JSON.stringify(m));
});

test('interpolate and surfaceFeatures pass through; two different bounded names only', () => {
  for (const m of [
    { type: 'interpolate' },
    { type: 'surfaceFeatures', x: 'petal_length', y: 'sepal width' },
    { type: 'closeCard', card: 'interpolation' },
  ])
    assert.deepEqual(parseWebviewMessage(m), m);
  for (const m of [
    { type: 'interpolate', runId: 'live-1' },
    { type: 'surfaceFeatures', x: 'a', y: 'a' },
    { type: 'surfaceFeatures', x: '', y: 'a' },
    { type: 'surfaceFeatures', x: 'a', y: 3 },
    { type: 'surfaceFeatures', x: 'a', y: 'b'.repeat(501) },
    { type: 'surfaceFeatures', x: 'a', y: 'b', run: 'live-1' },
  ])
    assert.equal(parseWebviewMessage(m), null, JSON.stringify(m));
});
