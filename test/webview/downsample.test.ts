import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capRows, minMaxBuckets } from '../../webview/downsample';

interface Row {
  i: number;
  a: number;
  b: number;
}

function rows(n: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({ i, a: Math.sin(i / 17), b: Math.cos(i / 29) }));
}

const cols = [(r: Row) => r.a, (r: Row) => r.b];
const x = (r: Row) => r.i;

test('minMaxBuckets keeps the first and last rows, every spike and dip, and a non-finite row', () => {
  const data = rows(1000);
  data[537].a = 100;
  data[712].a = -50;
  data[640].b = 7;
  data[300].b = NaN;
  const kept = minMaxBuckets(data, 10, x, cols);
  const idx = kept.map((r) => r.i);
  for (const i of [0, 999, 537, 712, 640, 300]) assert.ok(idx.includes(i), `row ${i} kept`);
  assert.deepEqual(
    idx,
    [...new Set(idx)].sort((x, y) => x - y),
    'in order, without repeats',
  );
  // Per bucket at most first, last, and min, max, first non-finite of each column.
  assert.ok(kept.length <= 10 * (2 + 3 * cols.length), `${kept.length} rows`);
});

test('minMaxBuckets keeps the extremes of each equal span of x', () => {
  // x from 0 to 996 in 7 buckets: bucket b holds x in [b·996/7, (b+1)·996/7).
  const data = rows(997);
  const kept = minMaxBuckets(data, 7, x, cols);
  for (let b = 0; b < 7; b++) {
    const lo = Math.ceil((b * 996) / 7);
    const hi = b === 6 ? 997 : Math.ceil(((b + 1) * 996) / 7);
    const bucket = data.slice(lo, hi);
    const inKept = kept.filter((r) => r.i >= lo && r.i < hi);
    for (const col of cols) {
      assert.equal(Math.max(...inKept.map(col)), Math.max(...bucket.map(col)));
      assert.equal(Math.min(...inKept.map(col)), Math.min(...bucket.map(col)));
    }
  }
});

test('minMaxBuckets leaves short series alone', () => {
  const data = rows(15);
  assert.deepEqual(minMaxBuckets(data, 10, x, cols), data);
});

test('capRows: under the cap, the newest half untouched, first row and extremes kept', () => {
  const data = rows(5000);
  data[123].a = 42;
  const capped = capRows(data, 2000, x, cols);
  assert.ok(capped.length <= 2000, `${capped.length} rows`);
  assert.deepEqual(capped.slice(-1000), data.slice(-1000));
  assert.equal(capped[0], data[0]);
  assert.ok(capped.some((r) => r.i === 123));
});

test('capRows, applied as a series grows, stays bounded and keeps history’s shape', () => {
  let series: Row[] = [];
  const all = rows(30_000);
  all[4321].b = -9;
  for (let i = 0; i < all.length; i += 250) {
    series = series.concat(all.slice(i, i + 250));
    if (series.length > 3000) series = capRows(series, 3000, x, cols);
    assert.ok(series.length <= 3000);
  }
  assert.equal(series[0].i, 0);
  assert.equal(series.at(-1)!.i, 29_999);
  assert.ok(
    series.some((r) => r.b === -9),
    'an old dip survives repeated thinning',
  );
  // Old history stays spread over its whole span rather than collapsing into a few early rows.
  const thinned = series.filter((r) => r.i < series.at(-1500)!.i);
  const firstThird = thinned.filter((r) => r.i < 28_500 / 3).length;
  assert.ok(firstThird > thinned.length / 5, `${firstThird} of ${thinned.length} thinned rows in the first third`);
});
