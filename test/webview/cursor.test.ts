import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pointAtStep } from '../../webview/cursor';

test('pointAtStep: the nearest point, the earlier one on a tie', () => {
  const steps = [0, 1, 2, 3, 4];
  assert.equal(pointAtStep(steps, 2), 2);
  assert.equal(pointAtStep(steps, 2.5), 2);
  assert.equal(pointAtStep(steps, 2.6), 3);
  assert.equal(pointAtStep(steps, 0), 0);
});

test('pointAtStep: an epoch line (a point every 10 steps) answers a step between its points', () => {
  const epochs = [10, 20, 30];
  assert.equal(pointAtStep(epochs, 14), 0);
  assert.equal(pointAtStep(epochs, 16), 1);
  assert.equal(pointAtStep(epochs, 30), 2);
  assert.equal(pointAtStep(epochs, 5), 0, 'within one spacing of the first');
});

test('pointAtStep: a run that ended (or has not started) shows nothing further than its spacing away', () => {
  const short = [0, 1, 2, 3];
  assert.equal(pointAtStep(short, 4), 3);
  assert.equal(pointAtStep(short, 10), -1);
  assert.equal(pointAtStep([100, 101, 102], 50), -1);
  assert.equal(pointAtStep([], 3), -1);
  assert.equal(pointAtStep(short, NaN), -1);
  // One point so far: only near its own step.
  assert.equal(pointAtStep([7], 7), 0);
  assert.equal(pointAtStep([7], 9), -1);
});

test('pointAtStep: two runs sampled differently give their points at the same step', () => {
  // Run A logged every step, run B's older history thinned to every 5th step.
  const a = Array.from({ length: 100 }, (_, i) => i);
  const b = [...Array.from({ length: 10 }, (_, i) => 5 * i), ...Array.from({ length: 50 }, (_, i) => 50 + i)];
  for (const s of [3, 27, 49, 50, 77, 99]) {
    const ia = pointAtStep(a, s);
    const ib = pointAtStep(b, s);
    assert.equal(a[ia], s);
    assert.ok(ib >= 0 && Math.abs(b[ib] - s) <= 2.5, `step ${s}: B's nearest is ${b[ib]}`);
  }
});
