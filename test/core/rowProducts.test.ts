/**
 * The row-major products on the dense kernels against the plain loops they stand for, bit for bit: each
 * entry summed from its bias (or 0), the shared index ascending; an accumulated product added to the
 * existing entries one row at a time. On both kernels, at sizes with and without a multiple of 4.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RowProducts } from '../../src/core/model/rowProducts';
import { Rng } from '../../src/core/rng';

const SHAPES = [
  [1, 1, 1],
  [3, 5, 2],
  [32, 21, 64],
  [64, 64, 64],
  [7, 13, 9],
];
const KINDS = ['wasm', 'js'] as const;

const draw = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.normal() * 10 ** (2 * rng.normal()));

function sameBits(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Object.is(actual[i], expected[i]), `${what}: entry ${i} is ${actual[i]}, the loop gives ${expected[i]}`);
}

test('product: bias + A·B (B given or transposed) has the bits of the plain loop', () => {
  const rng = new Rng(5);
  for (const kind of KINDS)
    for (const [m, k, n] of SHAPES) {
      const rp = new RowProducts(kind);
      const [a, b, bias] = [draw(rng, m * k), draw(rng, k * n), draw(rng, n)];
      const bt = new Float64Array(n * k);
      for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) bt[j * k + p] = b[p * n + j];
      const loop = (withBias: boolean) => {
        const c = new Float64Array(m * n);
        for (let r = 0; r < m; r++)
          for (let j = 0; j < n; j++) {
            let s = withBias ? bias[j] : 0;
            for (let p = 0; p < k; p++) s += a[r * k + p] * b[p * n + j];
            c[r * n + j] = s;
          }
        return c;
      };
      const what = `${kind} ${m}×${k}·${k}×${n}`;
      sameBits(rp.product(a, b, m, k, n), loop(false), what);
      sameBits(rp.product(a, b, m, k, n, { bias }), loop(true), `${what} with bias`);
      sameBits(rp.product(a, bt, m, k, n, { bias, bTransposed: true }), loop(true), `${what} transposed`);
    }
});

test('addTransposedProduct: C += Gᵀ·X and the column sums of G, row by row into the existing values', () => {
  const rng = new Rng(6);
  for (const kind of KINDS)
    for (const [k, m, n] of SHAPES) {
      const rp = new RowProducts(kind);
      const [g, x, c0, s0] = [draw(rng, k * m), draw(rng, k * n), draw(rng, m * n), draw(rng, m)];
      const [c, sums] = [c0.slice(), s0.slice()];
      for (let r = 0; r < k; r++)
        for (let i = 0; i < m; i++) {
          sums[i] += g[r * m + i];
          for (let j = 0; j < n; j++) c[i * n + j] += g[r * m + i] * x[r * n + j];
        }
      const [cc, ss] = [c0.slice(), s0.slice()];
      rp.addTransposedProduct(g, x, k, m, n, cc, ss);
      sameBits(cc, c, `${kind} ${k} rows, ${m}×${n}`);
      sameBits(ss, sums, `${kind} ${k} rows, column sums`);
      const alone = c0.slice();
      rp.addTransposedProduct(g, x, k, m, n, alone);
      sameBits(alone, c, `${kind} without column sums`);
    }
});
