import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampSmoothing, smooth } from '../../webview/smoothing';

const close = (a: number, b: number, tol = 1e-15) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('smooth: [1, 2, 3] with weight 0.5 is [1, 5/3, 17/7] (worked by hand)', () => {
  // last: 0.5, 1.25, 2.125; debias: 1 − 0.5, 1 − 0.25, 1 − 0.125.
  const s = smooth([1, 2, 3], 0.5);
  close(s[0], 1);
  close(s[1], 5 / 3);
  close(s[2], 17 / 7);
});

test('smooth: matches the closed form Σ w^(n−i)(1−w)v_i / (1 − w^n)', () => {
  const values = [0.9, 0.35, 1.7, 0.2, 0.61, 0.48, 1.05, 0.33];
  const w = 0.9;
  const s = smooth(values, w);
  values.forEach((_, n) => {
    let sum = 0;
    for (let i = 0; i <= n; i++) sum += w ** (n - i) * (1 - w) * values[i];
    close(s[n], sum / (1 - w ** (n + 1)), 1e-13);
  });
});

test('smooth: non-finite values pass through and do not advance the average', () => {
  const s = smooth([1, NaN, 3, Infinity], 0.5);
  close(s[0], 1);
  assert.ok(Number.isNaN(s[1]));
  // The 3 is the second finite value: last = 0.5·0.5 + 0.5·3 = 1.75, debias 1 − 0.5² = 0.75.
  close(s[2], 7 / 3);
  assert.equal(s[3], Infinity);
});

test('smooth: weight 0 is the identity; a constant series comes back exactly', () => {
  assert.deepEqual(smooth([3, 1, 2], 0), [3, 1, 2]);
  assert.deepEqual(smooth([0.1, 0.1, 0.1, 0.1], 0.99), [0.1, 0.1, 0.1, 0.1]);
  assert.deepEqual(smooth([], 0.6), []);
});

test('smooth: rejects weights outside [0, 1)', () => {
  assert.throws(() => smooth([1], 1), /\[0, 1\)/);
  assert.throws(() => smooth([1], -0.1), /\[0, 1\)/);
  assert.throws(() => smooth([1], NaN), /\[0, 1\)/);
});

test('clampSmoothing: into [0, 0.999], junk to 0', () => {
  assert.equal(clampSmoothing(0.6), 0.6);
  assert.equal(clampSmoothing(1), 0.999);
  assert.equal(clampSmoothing(-2), 0);
  assert.equal(clampSmoothing('0.5'), 0);
  assert.equal(clampSmoothing(NaN), 0);
});
