import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/core/csv/parse';
import { buildDataset, describeDataset } from '../../src/core/dataset/build';
import type { DataOptions } from '../../src/core/dataset/types';
import { LossLabError } from '../../src/core/errors';

const table = (s: string) => parseCsv(new TextEncoder().encode(s), 'data.csv');
const build = (s: string, o: DataOptions = {}) => buildDataset(table(s), o);
/** `n` lines of `f(i)` below `header`. */
const csv = (header: string, n: number, f: (i: number) => string): string =>
  `${header}\n${Array.from({ length: n }, (_, i) => f(i)).join('\n')}\n`;

/** 1,000 rows of 3 numeric features: a matrix of 24,000 bytes. */
const numeric = csv('a,b,c,y', 1000, (i) => `${i % 7},${(i * 13) % 11},${i / 3},${i % 5}`);

function refused(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LossLabError, `expected LossLabError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.equal(e.where.file, 'data.csv');
    assert.equal(e.where.field, 'features');
    assert.ok(!e.message.includes('\n'), 'one line');
    return true;
  });
}

test('a feature matrix larger than the memory available is refused in one line naming the file and what to do', () => {
  refused(
    () => build(numeric, { memory: { availableBytes: 23_999 } }),
    /^data\.csv: 1000 rows × 3 features need 24 kB of memory for the feature matrix \(24 kB available\); leave columns out of the features \(--features, data\.features\), use fewer rows, or free memory$/,
  );
});

test('an inspection, which builds no matrix, refuses the same table with the same line; with room it describes it', () => {
  const message = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  const memory = { availableBytes: 23_999 };
  const inspected = message(() => describeDataset(table(numeric), { memory }));
  assert.match(inspected, /^data\.csv: 1000 rows × 3 features need 24 kB/);
  assert.equal(
    inspected,
    message(() => build(numeric, { memory })),
  );
  assert.deepEqual(describeDataset(table(numeric), { memory: { availableBytes: 24_000 } }).featureNames, [
    'a',
    'b',
    'c',
  ]);
});

test('a matrix of exactly the memory available is built, with the same numbers as without a bound', () => {
  const free = build(numeric);
  const bounded = build(numeric, { memory: { availableBytes: 24_000 } });
  assert.deepEqual(bounded.x, free.x);
  assert.equal(free.x.length, 3000);
});

test('the refusal names a wide one-hot column as the cause', () => {
  const wide = csv('id,x,y', 60, (i) => `id${i},${i},${i % 2}`);
  refused(
    () => build(wide, { features: ['id', 'x'], memory: { availableBytes: 1000 } }),
    /^data\.csv: 60 rows × 61 features need 30 kB .*\(1 kB available\); one-hot encoding 'id' \(60 distinct values\) makes most of them; leave it out of the features if it is an identifier or free text$/,
  );
});

test('a matrix beyond the largest typed array is the same refusal, not a crash', () => {
  // 70,000 rows one-hot encoded into 70,000 columns: 4.9 × 10⁹ values, more than the 2³² a typed array holds.
  const ids = csv('id,y', 70_000, (i) => `u${i},${i % 2}`);
  refused(
    () => build(ids, { features: ['id'] }),
    /^data\.csv: 70000 rows × 70000 features need 39\.2 GB of memory for the feature matrix \(more than can be allocated\); one-hot encoding 'id'/,
  );
});

test('in shared memory the matrix holds the same numbers', () => {
  const plain = build(numeric);
  const shared = build(numeric, { memory: { shared: true } });
  assert.ok(shared.x.buffer instanceof SharedArrayBuffer);
  assert.ok(!(plain.x.buffer instanceof SharedArrayBuffer));
  assert.deepEqual(Array.from(shared.x), Array.from(plain.x));
});
