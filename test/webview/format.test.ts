import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatClock, formatCount, formatNumber, remainingSeconds } from '../../webview/format';

test('formatNumber: four significant digits, scientific for tiny and huge values', () => {
  assert.equal(formatNumber(0.071714), '0.07171');
  assert.equal(formatNumber(261.94), '261.9');
  assert.equal(formatNumber(0.001), '0.001');
  assert.equal(formatNumber(0.00015), '1.5e-4');
  assert.equal(formatNumber(1e-4), '1e-4');
  assert.equal(formatNumber(123456), '1.23e5');
  assert.equal(formatNumber(-2.5e-7), '-2.5e-7');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(NaN), 'NaN');
  assert.equal(formatNumber(-Infinity), '−∞');
  assert.equal(formatNumber(null), '—');
});

test('the axis formats', () => {
  assert.equal(formatClock(45), '45s');
  assert.equal(formatClock(150), '2:30');
  assert.equal(formatClock(3723), '1:02:03');
  assert.equal(formatCount(950), '950');
  assert.equal(formatCount(12000), '12k');
  assert.equal(formatCount(1_500_000), '1.5M');
});

test('remainingSeconds: the pace so far, elapsed·(1 − p)/p', () => {
  assert.equal(remainingSeconds(60, 2000, 8000), 180);
  assert.equal(remainingSeconds(60, 8000, 8000), 0);
  assert.equal(remainingSeconds(60, 0, 8000), null);
  assert.equal(remainingSeconds(60, 10, 0), null);
});
