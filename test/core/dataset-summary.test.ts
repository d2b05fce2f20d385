// `describeDataset` against `buildDataset`: the same task, classes, features and warnings, and the same error,
// without the feature matrix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/core/csv/parse';
import { buildDataset, describeDataset } from '../../src/core/dataset/build';
import type { DataOptions } from '../../src/core/dataset/types';
import { LossLabError } from '../../src/core/errors';
import { fitStandardizer } from '../../src/core/dataset/scale';

const table = (s: string) => parseCsv(new TextEncoder().encode(s), 'data.csv');

/** `n` lines of `f(i)` below `header`. */
const csv = (header: string, n: number, f: (i: number) => string): string =>
  `${header}\n${Array.from({ length: n }, (_, i) => f(i)).join('\n')}\n`;

interface Summary {
  task: string;
  classes: string[] | null;
  featureNames: string[];
  warnings: string[];
}

/** What either function gives: its summary, or its error's message and location. */
function outcome(f: () => Summary): Summary | { error: string; where: unknown } {
  try {
    const { task, classes, featureNames, warnings } = f();
    return { task, classes, featureNames, warnings };
  } catch (e) {
    assert.ok(e instanceof LossLabError, String(e));
    return { error: e.message, where: e.where };
  }
}

function same(text: string, o: DataOptions): ReturnType<typeof outcome> {
  const built = outcome(() => buildDataset(table(text), o));
  const described = outcome(() => describeDataset(table(text), o));
  assert.deepEqual(described, built);
  return described;
}

const noise = (i: number) => Math.sin(i * 12.9898) * 0.5;

test('a classification with categorical features, filled and dropped cells: the same summary', () => {
  const text = csv('x,color,size,y', 300, (i) =>
    [
      i % 17 === 0 ? '' : noise(i).toFixed(4),
      i % 23 === 0 ? '' : ['red', 'green', 'blue'][i % 3],
      `s${i % 70}`,
      i % 31 === 0 ? '' : ['a', 'b', 'c'][(i * 7) % 3],
    ].join(','),
  );
  for (const o of [{ valSplit: 0 }, { missing: 'mean' as const }, { missing: 'mode' as const, valSplit: 0.3 }]) {
    const r = same(text, o);
    assert.equal('task' in r && r.task, 'multiclass');
    // The 70 sizes are one-hot encoded with a warning.
    assert.ok('warnings' in r && r.warnings.some((w) => /has 70 distinct values/.test(w)));
  }
});

test('a regression, a ranking and a multitask table: the same summary', () => {
  const text = csv('q,a,b,y,z', 120, (i) =>
    [`q${i % 12}`, noise(i), (i % 9) - 4, (noise(i + 1) * 100).toFixed(2), i % 2].join(','),
  );
  assert.equal((same(text, { target: 'y' }) as { task: string }).task, 'regression');
  assert.equal((same(text, { target: 'z', group: 'q' }) as { task: string }).task, 'ranking');
  assert.equal((same(text, { target: ['y', 'z'], task: 'multitask' }) as { task: string }).task, 'multitask');
});

test('a feature whose mean overflows: the same error, naming the column', () => {
  const r = same(
    csv('a,b,y', 40, (i) => `${noise(i)},${i % 2 ? 1.5e308 : 1e308},${i % 2}`),
    { valSplit: 0 },
  );
  assert.deepEqual(r, {
    error:
      "data.csv: column 'b' has values too large to standardize (beyond the range of a double once scaled); rescale the column, e.g. to other units",
    where: { file: 'data.csv', field: 'b' },
  });
});

test('a validation row that overflows once scaled: the same error at the first such value, row by row', () => {
  // The training rows of a and b barely vary, so the validation rows' 1e300 are beyond a double once scaled;
  // b has such a value on an earlier row than a does, and is named although a comes first in the matrix.
  const rows = Array.from({ length: 60 }, (_, i) => [1 + i * 1e-12, 2 + i * 1e-12, noise(i)]);
  const o = { valSplit: 0.5, seed: 3 };
  const val = [...buildDataset(table(csv('a,b,y', 60, (i) => rows[i].join(','))), o).val];
  rows[val[3]][0] = 1e300;
  rows[val[1]][1] = -1e300;
  const r = same(
    csv('a,b,y', 60, (i) => rows[i].join(',')),
    o,
  );
  assert.ok('error' in r);
  assert.equal(
    r.error,
    `data.csv line ${val[1] + 2}: column 'b' has values too large to standardize (beyond the range of a double once scaled); rescale the column, e.g. to other units`,
  );
  // On the same row, the column first in the matrix is named.
  rows[val[1]][0] = 1e300;
  const both = same(
    csv('a,b,y', 60, (i) => rows[i].join(',')),
    o,
  );
  assert.ok('error' in both && /line \d+: column 'a'/.test(both.error), JSON.stringify(both));
});

test('a target that makes no training set: the same error', () => {
  const r = same('a,y\n1,\n2,\n', {});
  assert.ok('error' in r);
});

test('a column fitted alone has the bits of the same column fitted in a matrix', () => {
  const n = 5000;
  const d = 3;
  const x = Float64Array.from({ length: n * d }, (_, k) => (k % d === 1 ? 1e12 + noise(k) : noise(k) * 10 ** (k % d)));
  const fit = Int32Array.from({ length: n / 2 }, (_, t) => (t * 7919) % n);
  const all = fitStandardizer(x, d, fit);
  for (let j = 0; j < d; j++) {
    const alone = fitStandardizer(
      Float64Array.from({ length: n }, (_, i) => x[i * d + j]),
      1,
      fit,
    );
    assert.ok(Object.is(alone.mean[0], all.mean[j]) && Object.is(alone.std[0], all.std[j]), `column ${j}`);
  }
});
