import { test } from 'node:test';
import assert from 'node:assert/strict';
import { niceRange, paddedRange, quantileSorted, robustRange, yRange } from '../../webview/scaleRange';

test('quantileSorted interpolates between order statistics (R type 7)', () => {
  // h = (n − 1)·p: 1.5 → halfway between 2 and 3; 0.15 → 1 + 0.15·(2 − 1).
  assert.equal(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
  assert.ok(Math.abs(quantileSorted([1, 2, 3, 4], 0.05) - 1.15) < 1e-15);
  assert.equal(quantileSorted([1, 2, 3, 4], 1), 4);
  assert.equal(quantileSorted([7], 0.3), 7);
  assert.ok(Number.isNaN(quantileSorted([], 0.5)));
});

test('niceRange widens to round steps', () => {
  // span 1.9 → a fifth is 0.38 → step 0.5.
  assert.deepEqual(niceRange(0.03, 1.93), { min: 0, max: 2 });
  // span 0.3 → 0.06 → step 0.1.
  assert.deepEqual(niceRange(0.12, 0.42), { min: 0.1, max: 0.5 });
  assert.deepEqual(niceRange(1, 1), { min: 1, max: 1 });
});

const pts = (ys: number[]) => ys.map((y, x) => ({ x, y }));

test('robustRange: a few huge values are ignored; a merely steep curve is not clipped', () => {
  const calm = Array.from({ length: 200 }, (_, i) => 0.1 + (0.4 * (i % 10)) / 10);
  // 3% of the points explode (a diverged run among calm ones), under the 5% the percentiles cut.
  const diverged = [...calm.slice(0, 194), 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
  const r = robustRange([pts(diverged)]);
  assert.ok(r, 'the range is narrowed');
  assert.ok(r.min >= 0 && r.max <= 1, `${r.min}..${r.max}`);
  assert.equal(robustRange([pts(calm)]), null);
  const steep = Array.from({ length: 200 }, (_, i) => Math.exp(-i / 60));
  assert.equal(robustRange([pts(steep)]), null);
  assert.equal(robustRange([pts([1, 1e9])]), null, 'too few points to judge');
});

const ys = (...values: number[]) => values.map((y) => ({ y }));
const close = (got: { min: number; max: number } | null, want: { min: number; max: number }) => {
  assert.ok(got && Math.abs(got.min - want.min) < 1e-12 && Math.abs(got.max - want.max) < 1e-12, JSON.stringify(got));
};

test('paddedRange: 5% of the span to spare on each side, never below 0 for a non-negative series', () => {
  // Two constant rates, 0.01 and 0.05: span 0.04, 5% is 0.002.
  close(paddedRange([ys(0.01, 0.01), ys(0.05, 0.05)]), { min: 0.008, max: 0.052 });
  // Accuracies from 0.65 to 1: span 0.35, 5% is 0.0175.
  close(paddedRange([ys(0.65, 0.9, 1)]), { min: 0.6325, max: 1.0175 });
  // From 0: the axis starts at 0, not below it.
  close(paddedRange([ys(0, 0.5, 1)]), { min: 0, max: 1.05 });
  // A single flat line: 5% of its value.
  close(paddedRange([ys(0.01, 0.01)]), { min: 0.0095, max: 0.0105 });
  // Negative values are padded below too; NaN and infinities are not drawn, so not counted.
  close(paddedRange([ys(-2, NaN, 2, Infinity)]), { min: -2.2, max: 2.2 });
  assert.equal(paddedRange([ys(NaN)]), null);
  assert.equal(paddedRange([]), null);
});

test('yRange: log axes fit themselves, noisy charts may ignore outliers, the others are padded', () => {
  const series = [ys(0.01, 0.05)];
  assert.equal(yRange(series, { robust: false, ignoreOutliers: true, log: true }), null);
  assert.equal(yRange(series, { robust: true, ignoreOutliers: false, log: false }), null);
  close(yRange(series, { robust: false, ignoreOutliers: true, log: false }), { min: 0.008, max: 0.052 });
  // Too few points to judge outliers: the chart fits them.
  assert.equal(yRange(series, { robust: true, ignoreOutliers: true, log: false }), null);
});
