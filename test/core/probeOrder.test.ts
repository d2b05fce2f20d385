import assert from 'node:assert/strict';
import { test } from 'node:test';
import { largestFirst, sumOverLargest } from '../../src/core/probe/order';

/** Values with many exact ties and near-ties (equal once rounded to float32), and zeros. */
function values(n: number, seed: number): Float64Array {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Float64Array.from({ length: n }, () => {
    const r = next();
    return r < 0.1 ? 0 : r < 0.3 ? 1 + Math.floor(next() * 3) * 1e-12 : next() * 5;
  });
}

test('largestFirst orders as a comparator sort does: largest first, ties by index', () => {
  for (const n of [0, 1, 2, 17, 5000]) {
    const v = values(n, n + 1);
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[b] - v[a] || a - b);
    assert.deepEqual(Array.from(largestFirst(v)), expected, `n = ${n}`);
  }
});

test('sumOverLargest sums the weights of the m largest values, ties by index', () => {
  const v = values(3000, 7);
  const w = Float64Array.from(v, (_, i) => i + 1);
  const order = Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[b] - v[a] || a - b);
  for (const m of [0, 1, 30, 700, 3000]) {
    const expected = order.slice(0, m).reduce((a, i) => a + w[i], 0);
    assert.equal(sumOverLargest(v, w, m), expected, `m = ${m}`);
  }
});
