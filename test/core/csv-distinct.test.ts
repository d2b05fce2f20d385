import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DistinctCounter } from '../../src/core/csv/distinct';
import { Rng } from '../../src/core/rng';

/** The count a JavaScript Set gives (SameValueZero: -0 is 0), NaN left out. */
const bySet = (values: Float64Array): number => new Set(Array.from(values).filter((v) => v === v)).size;

test('DistinctCounter: the exact count a Set gives, on columns of every shape, buffers reused', () => {
  const rng = new Rng(7);
  const counter = new DistinctCounter();
  const columns: Float64Array[] = [
    new Float64Array(0),
    Float64Array.of(NaN, NaN),
    Float64Array.of(0, -0, 0, NaN, 1, -1, Infinity, -Infinity, Infinity, 5e-324, -5e-324),
    Float64Array.from({ length: 200_000 }, () => Math.round(rng.uniform() * 1e6) / 1e3), // many repeats
    Float64Array.from({ length: 300_000 }, () => (rng.uniform() < 0.1 ? NaN : rng.uniform())), // all distinct
    Float64Array.from({ length: 50_000 }, (_, i) => i % 3), // three values: most partitions empty
    Float64Array.from({ length: 100_000 }, (_, i) => i * 2 ** 40), // differ in the high bits only
  ];
  for (const values of columns) assert.equal(counter.count(values), bySet(values));
  for (const values of columns.reverse()) assert.equal(counter.count(values), bySet(values));
});
