import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heatColor, toCanvas } from '../../webview/surfaceScale';

test('toCanvas: a grid value lands at the centre of its cell, so the dots sit where the cells are drawn', () => {
  const axis = { name: 'x', min: -2, max: 4 };
  // 4 cells over [-2, 4]: values -2, 0, 2, 4, each cell 30 px wide on a 120 px canvas.
  assert.deepEqual(
    [-2, 0, 2, 4].map((v) => toCanvas(axis, 4, 120, v)),
    [15, 45, 75, 105],
  );
  assert.equal(toCanvas(axis, 4, 120, -1), 30);
});

test('heatColor: the viridis ends and middle, clamped outside [0, 1]', () => {
  assert.deepEqual(heatColor(0), [68, 1, 84]);
  assert.deepEqual(heatColor(0.5), [33, 145, 140]);
  assert.deepEqual(heatColor(1), [253, 231, 37]);
  assert.deepEqual(heatColor(2), [253, 231, 37]);
  assert.deepEqual(heatColor(NaN), [68, 1, 84]);
});
