import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAxis, niceTicks } from '../../webview/parallelAxes';
import { nearestLine, segmentDistance } from '../../webview/polylineHit';

const close = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

test('a log-uniform setting gets a log axis: each decade the same height', () => {
  const axis = buildAxis('lr', [1e-4, 1e-3, 0.1], 'logUniform');
  assert.equal(axis.kind, 'log');
  close(axis.position(1e-4), 0);
  close(axis.position(1e-3), 1 / 3);
  close(axis.position(1e-2), 2 / 3);
  close(axis.position(0.1), 1);
  assert.deepEqual(
    axis.ticks.map((t) => t.label),
    ['1e-4', '0.001', '0.01', '0.1'],
  );
});

test('listed numbers spanning two decades get a log axis, a narrower span a linear one', () => {
  assert.equal(buildAxis('lr', [0.5, 0.05, 0.005], 'choice').kind, 'log');
  const linear = buildAxis('delta', [0.5, 1, 2], 'choice');
  assert.equal(linear.kind, 'linear');
  close(linear.position(1), (1 - 0.5) / 1.5);
  // d3.ticks(0.5, 2, 5): raw step 0.3 is 3 × 0.1, past √2, so steps of 0.2.
  assert.deepEqual(
    linear.ticks.map((t) => t.label),
    ['0.6', '0.8', '1', '1.2', '1.4', '1.6', '1.8', '2'],
  );
  // Zero or negative values cannot go on a log axis.
  assert.equal(buildAxis('l2', [0, 0.001, 1], 'choice').kind, 'linear');
});

test('text values get a categorical axis: equal bands, numbers before text, lists in natural order', () => {
  const axis = buildAxis('loss', ['mse', 'huber', 'mae', 'huber']);
  assert.equal(axis.kind, 'categorical');
  assert.deepEqual(
    axis.ticks.map((t) => t.label),
    ['huber', 'mae', 'mse'],
  );
  close(axis.position('huber'), 1 / 6);
  close(axis.position('mae'), 1 / 2);
  close(axis.position('mse'), 5 / 6);
  assert.equal(axis.position('focal'), null);
  assert.deepEqual(
    buildAxis('hidden', ['[64]', '[8]', '[32]']).ticks.map((t) => t.label),
    ['[8]', '[32]', '[64]'],
  );
  assert.deepEqual(
    buildAxis('batch', [32, 'full', 8]).ticks.map((t) => t.label),
    ['8', '32', 'full'],
  );
});

test('one value sits in the middle; missing values have no position', () => {
  const axis = buildAxis('epochs', [10, 10, null]);
  close(axis.position(10), 0.5);
  assert.equal(axis.position(null), null);
  assert.deepEqual(buildAxis('x', [null, null]).ticks, []);
});

test('nice ticks step by 1, 2 or 5 times a power of ten', () => {
  assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  // Raw step 0.066 is 6.6 × 0.01, past √10 but not √50: steps of 0.05.
  assert.deepEqual(niceTicks(0.62, 0.95), [0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]);
  assert.deepEqual(niceTicks(3, 3), [3]);
});

test('the line under the pointer: the nearest segment within reach, gaps break a line', () => {
  close(segmentDistance({ x: 1, y: 1 }, { x: 0, y: 0 }, { x: 2, y: 0 }), 1);
  close(segmentDistance({ x: 5, y: 4 }, { x: 0, y: 0 }, { x: 2, y: 0 }), 5);
  const lines = [
    [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
    ],
    [
      { x: 0, y: 5 },
      { x: 10, y: 5 },
    ],
    [{ x: 0, y: 3 }, null, { x: 10, y: 3 }],
  ];
  assert.equal(nearestLine(lines, { x: 5, y: 1 }, 8), 0);
  assert.equal(nearestLine(lines, { x: 5, y: 4 }, 8), 1);
  assert.equal(nearestLine(lines, { x: 5, y: 40 }, 8), null);
});
