import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/core/csv/parse';
import { buildDataset } from '../../src/core/dataset/build';
import type { DataOptions } from '../../src/core/dataset/types';
import { LossLabError } from '../../src/core/errors';

const table = (s: string) => parseCsv(new TextEncoder().encode(s), 'data.csv');
const build = (s: string, o: DataOptions = {}) => buildDataset(table(s), o);

/** `n` lines of `f(i)` below `header`. */
const csv = (header: string, n: number, f: (i: number) => string): string =>
  `${header}\n${Array.from({ length: n }, (_, i) => f(i)).join('\n')}\n`;

function throwsLL(fn: () => unknown, pattern: RegExp, where: Record<string, unknown> = {}): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LossLabError, `expected LossLabError, got ${String(e)}`);
    assert.match(e.message, pattern);
    for (const [k, v] of Object.entries(where)) assert.equal((e.where as Record<string, unknown>)[k], v, k);
    return true;
  });
}

const close = (a: number, b: number, tol = 1e-12): void =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('defaults: last column is the target, the others are features; one-hot in level order', () => {
  const ds = build('x,color,y\n1,red,a\n2,blue,b\n3,red,a\n4,green,b\n', { valSplit: 0 });
  assert.equal(ds.task, 'binary');
  assert.deepEqual(ds.featureNames, ['x', 'color=blue', 'color=green', 'color=red']);
  assert.deepEqual(ds.targetNames, ['y']);
  assert.deepEqual(ds.classes, ['a', 'b']);
  assert.deepEqual([...ds.y], [0, 1, 0, 1]);
  assert.equal(ds.n, 4);
  assert.equal(ds.d, 4);
  assert.deepEqual([...ds.train], [0, 1, 2, 3]);
  assert.deepEqual([...ds.val], []);
  assert.deepEqual([...ds.lines], [2, 3, 4, 5]);
  // By hand: x = 1..4 has mean 2.5 and population variance 1.25; color=blue = 0,1,0,0 has mean 1/4 and
  // variance 3/16; color=green the same; color=red = 1,0,1,0 has mean 1/2 and variance 1/4.
  assert.deepEqual(ds.scaler.mean, [2.5, 0.25, 0.25, 0.5]);
  const s = [Math.sqrt(1.25), Math.sqrt(3 / 16), Math.sqrt(3 / 16), 0.5];
  ds.scaler.std.forEach((v, j) => close(v, s[j]));
  const raw = [
    [1, 0, 0, 1],
    [2, 1, 0, 0],
    [3, 0, 0, 1],
    [4, 0, 1, 0],
  ];
  raw.forEach((row, i) => row.forEach((v, j) => close(ds.x[i * 4 + j], (v - [2.5, 0.25, 0.25, 0.5][j]) / s[j])));
  assert.equal(ds.targetScaler, null);
});

test('class labels are sorted: text by code unit, numbers numerically', () => {
  const text = build('x,y\n1,pear\n2,apple\n3,fig\n4,apple\n', { valSplit: 0 });
  assert.deepEqual(text.classes, ['apple', 'fig', 'pear']);
  assert.deepEqual([...text.y], [2, 0, 1, 0]);
  const nums = build('x,y\n1,10\n2,2\n3,1\n4,10\n5,2\n', { valSplit: 0 });
  assert.equal(nums.task, 'multiclass');
  assert.deepEqual(nums.classes, ['1', '2', '10']);
  assert.deepEqual([...nums.y], [2, 1, 0, 2, 1]);
});

test('task inference on numeric targets', () => {
  const binary = build(csv('x,y', 20, (i) => `${i},${i % 2}`));
  assert.equal(binary.task, 'binary');
  assert.deepEqual(binary.classes, ['0', '1']);
  // 12 distinct integers: classification when also under 5% of the rows (300 rows), regression in 100 rows.
  assert.equal(build(csv('x,y', 300, (i) => `${i},${i % 12}`)).task, 'multiclass');
  assert.equal(build(csv('x,y', 100, (i) => `${i},${i % 12}`)).task, 'regression');
  // 10 distinct integers are classes whatever the row count; non-integers are regression.
  assert.equal(build(csv('x,y', 30, (i) => `${i},${i % 10}`)).task, 'multiclass');
  assert.equal(build(csv('x,y', 30, (i) => `${i},${(i % 3) + 0.5}`)).task, 'regression');
  // 21 and 20 distinct integers in 1000 rows: over the limit of 20 inferred classes, and at it.
  assert.equal(build(csv('x,y', 1000, (i) => `${i},${i % 21}`)).task, 'regression');
  assert.equal(build(csv('x,y', 1000, (i) => `${i},${i % 20}`)).task, 'multiclass');
  // Asked for, a classification keeps every one of its classes, however many.
  const many = build(
    csv('x,y', 1000, (i) => `${i},${i % 50}`),
    { task: 'multiclass' },
  );
  assert.deepEqual(
    many.classes,
    Array.from({ length: 50 }, (_, k) => String(k)),
  );
  assert.equal(many.y[49], 49);
});

test('task override: accepted where it makes sense, refused with a reason otherwise', () => {
  const ints = csv('x,y', 30, (i) => `${i},${i % 3}`);
  assert.equal(build(ints, { task: 'regression' }).task, 'regression');
  const emb = build(ints, { task: 'embedding' });
  assert.equal(emb.task, 'embedding');
  assert.deepEqual(emb.classes, ['0', '1', '2']);
  assert.equal(
    build(
      csv('x,y', 10, (i) => `${i},${i % 2 ? 'a' : 'b'}`),
      { task: 'multiclass' },
    ).task,
    'multiclass',
  );

  throwsLL(
    () => build('x,y\n1,a\n2,b\n3,a\n', { task: 'regression' }),
    /^target 'y' is not numeric \('a' at line 2\); regression needs numbers/,
    {
      line: 2,
      field: 'task',
    },
  );
  throwsLL(
    () => build(ints, { task: 'binary' }),
    /^target 'y' has 3 classes \(0, 1, 2\); binary needs exactly 2 — use task multiclass$/,
  );
  throwsLL(
    () => build('x,y\n1,0.5\n2,1.5\n3,2\n', { task: 'multiclass' }),
    /^target 'y' has the non-integer value 0\.5 at line 2; multiclass needs class labels/,
    {
      line: 2,
    },
  );
  throwsLL(() => build(ints, { task: 'distribution' }), /^task distribution needs at least two target columns/);
  throwsLL(
    () => build('a,p,q\n1,0.5,0.5\n2,0.5,0.5\n', { target: ['p', 'q'], task: 'multiclass' }),
    /^2 target columns make a distribution task, not multiclass/,
  );
});

test('a target with a single class is an error', () => {
  throwsLL(
    () => build('x,y\n1,a\n2,a\n3,a\n'),
    /^target 'y' has a single class 'a'; nothing to learn — choose another target column$/,
    { field: 'target' },
  );
  throwsLL(() => build('x,y\n1,\n2,NA\n'), /^target 'y' has no values \(every cell is missing\)/);
  // Two classes in the file, but dropping rows with missing features leaves one.
  throwsLL(
    () => build('x,y\n1,a\n2,a\nNA,b\n'),
    /^target 'y' has a single class 'a' in the rows kept; nothing to learn/,
  );
});

test('unknown target or feature: error with the closest column names', () => {
  throwsLL(
    () => build('sepal_length,petal_length,species\n1,2,a\n', { target: 'specis' }),
    /^target column 'specis' is not in data\.csv; did you mean 'species'\?$/,
    {
      file: 'data.csv',
      field: 'target',
    },
  );
  throwsLL(
    () => build('sepal_length,petal_length,species\n1,2,a\n', { features: ['sepal_lenght'] }),
    /^feature column 'sepal_lenght' is not in data\.csv; did you mean 'sepal_length', 'petal_length'\?$/,
    { field: 'features' },
  );
  throwsLL(
    () => build('a,b\n1,2\n', { target: 'zzzzzz' }),
    /^target column 'zzzzzz' is not in data\.csv; the columns are 'a', 'b'$/,
  );
  throwsLL(
    () => build('a,b,c\n1,2,x\n2,1,y\n', { target: 'c', features: ['a', 'c'] }),
    /^column 'c' is both the target and a feature/,
  );
});

test('explicit features and target pick and order the columns', () => {
  const ds = build('a,b,c,y\n1,2,3,p\n2,4,5,q\n3,1,8,p\n', { target: 'y', features: ['c', 'a'], valSplit: 0 });
  assert.deepEqual(ds.featureNames, ['c', 'a']);
  assert.deepEqual(ds.scaler.mean, [16 / 3, 2]);
});

test('constant columns are dropped from the features with a warning; none left is an error', () => {
  const ds = build('k,x,e,y\n5,1,,a\n5,2,NA,b\n5,3,,a\n5,4,,b\n', { valSplit: 0 });
  assert.deepEqual(ds.featureNames, ['x']);
  assert.deepEqual(ds.warnings, [
    "column 'k' has the single value '5'; dropped from the features",
    "column 'e' has no values (every cell is missing); dropped from the features",
  ]);
  throwsLL(
    () => build('k,y\n5,a\n5,b\n'),
    /^data\.csv has no usable feature columns besides the target \(column 'k' has the single value '5'\)/,
  );
});

test('missing: drop removes rows and reports counts per column', () => {
  const ds = build('x,c,y\n1,a,p\nNA,b,q\n3,,p\n4,b,\n5,a,q\n6,b,p\n', { valSplit: 0 });
  assert.equal(ds.n, 3);
  assert.deepEqual([...ds.lines], [2, 6, 7]);
  assert.deepEqual(ds.missingReport, [
    { column: 'y', count: 1, action: 'dropped' },
    { column: 'x', count: 1, action: 'dropped' },
    { column: 'c', count: 1, action: 'dropped' },
  ]);
  assert.deepEqual(ds.warnings, ['dropped 3 of 6 rows with missing values (y: 1, x: 1, c: 1)']);
  throwsLL(
    () => build('x,c,y\nNA,a,1\n3,,2\n4,b,\n'),
    /^data\.csv: no rows left after dropping rows with missing values; fill them instead/,
  );
});

test('missing: mean fill uses the training rows only; categorical columns get their mode', () => {
  // Regression target 0..19; x missing on row 0. valSplit 0.5 leaves half the rows out of the statistics.
  const text = csv(
    'x,c,y',
    20,
    (i) => `${i === 0 ? 'NA' : i * i},${i === 1 ? '' : i % 3 === 0 ? 'u' : 'v'},${i + 0.5}`,
  );
  const ds = build(text, { missing: 'mean', valSplit: 0.5, seed: 3 });
  assert.equal(ds.n, 20);
  const train = [...ds.train];
  const xs = train.filter((i) => i !== 0).map((i) => i * i);
  const fill = xs.reduce((a, b) => a + b, 0) / xs.length;
  // Undo the standardization of row 0, column x: it holds the fill value.
  close(ds.x[0 * ds.d + 0] * ds.scaler.std[0] + ds.scaler.mean[0], fill);
  const cs = train.filter((i) => i !== 1).map((i) => (i % 3 === 0 ? 'u' : 'v'));
  const mode = cs.filter((c) => c === 'u').length > cs.filter((c) => c === 'v').length ? 'u' : 'v';
  const jv = ds.featureNames.indexOf('c=v');
  close(ds.x[1 * ds.d + jv] * ds.scaler.std[jv] + ds.scaler.mean[jv], mode === 'v' ? 1 : 0);
  assert.deepEqual(ds.missingReport, [
    { column: 'x', count: 1, action: 'filled-mean' },
    { column: 'c', count: 1, action: 'filled-mode' },
  ]);
  assert.equal(ds.warnings.length, 2);
  assert.match(ds.warnings[0], /^filled 1 missing value of 'x' with the training mean /);
});

test('missing: mode fill takes the most frequent training value, the smallest on a tie', () => {
  const ds = build('x,y\n2,1.5\n2,2.5\n7,3.5\n7,4.5\n1,5.5\nNA,6.5\n', { missing: 'mode', valSplit: 0 });
  // Train rows are all rows; 2 and 7 both occur twice, so 2.
  close(ds.x[5] * ds.scaler.std[0] + ds.scaler.mean[0], 2);
  assert.deepEqual(ds.missingReport, [{ column: 'x', count: 1, action: 'filled-mode' }]);
});

test('a few non-numeric cells in a feature are read as missing with a warning naming the first line', () => {
  const text = csv('x,y', 40, (i) => `${i === 7 ? 'oops' : i},${i % 2}`);
  const ds = build(text, { valSplit: 0 });
  assert.equal(ds.n, 39);
  assert.deepEqual(ds.warnings, [
    "column 'x': 1 cell is not a number (first at line 9: 'oops'); read as missing",
    'dropped 1 of 40 rows with missing values (x: 1)',
  ]);
});

test('distribution: several target columns that sum to 1', () => {
  const ds = build('f,p,q,r\n1,0.2,0.3,0.5\n2,1,0,0\n3,0.25,0.25,0.5\n', { target: ['p', 'q', 'r'], valSplit: 0 });
  assert.equal(ds.task, 'distribution');
  assert.equal(ds.targetWidth, 3);
  assert.deepEqual(ds.targetNames, ['p', 'q', 'r']);
  assert.deepEqual([...ds.y], [0.2, 0.3, 0.5, 1, 0, 0, 0.25, 0.25, 0.5]);
  assert.equal(ds.classes, null);
  // A column that is 0 in every row is still one of the distribution's outcomes.
  assert.equal(build('f,p,q,z\n1,0.5,0.5,0\n2,0.1,0.9,0\n', { target: ['p', 'q', 'z'] }).targetWidth, 3);
  throwsLL(
    () => build('f,p,q\n1,0.5,0.5\n2,0.5,0.4\n', { target: ['p', 'q'] }),
    /^data\.csv line 3: the target columns \(p, q\) sum to 0\.9, not 1; each row of a distribution target must sum to 1$/,
    { line: 3 },
  );
  throwsLL(
    () => build('f,p,q\n1,1.5,-0.5\n2,0.5,0.5\n', { target: ['p', 'q'] }),
    /^data\.csv line 2: target 'q' is -0\.5; probabilities cannot be negative$/,
    {
      line: 2,
    },
  );
  throwsLL(() => build('f,p,q\n1,a,0.5\n2,b,0.5\n', { target: ['p', 'q'] }), /^target column 'p' is not numeric/);
});

test('stratified split keeps class proportions', () => {
  // 50 a, 30 b, 20 c, 2 d, 1 e.
  const label = (i: number): string => (i < 50 ? 'a' : i < 80 ? 'b' : i < 100 ? 'c' : i < 102 ? 'd' : 'e');
  const ds = build(
    csv('x,y', 103, (i) => `${i},${label(i)}`),
    { valSplit: 0.2, seed: 1 },
  );
  const count = (rows: Int32Array, k: number): number => [...rows].filter((i) => ds.y[i] === k).length;
  assert.deepEqual(ds.classes, ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((k) => count(ds.val, k)),
    [10, 6, 4, 1, 0],
  );
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((k) => count(ds.train, k)),
    [40, 24, 16, 1, 1],
  );
  assert.equal(ds.train.length + ds.val.length, ds.n);
  assert.ok([...ds.train, ...ds.val].sort((a, b) => a - b).every((v, i) => v === i));
});

test('the split is deterministic in the seed', () => {
  const text = csv('x,y', 200, (i) => `${i},${(i * 7919) % 1000}`);
  const a = build(text, { seed: 42 });
  const b = build(text, { seed: 42 });
  const c = build(text, { seed: 43 });
  assert.equal(a.task, 'regression');
  assert.deepEqual([...a.val], [...b.val]);
  assert.equal(a.val.length, 40);
  assert.notDeepEqual([...a.val], [...c.val]);
  assert.deepEqual([...a.x], [...b.x]);
});

test('the scaler is fitted on the training rows only', () => {
  const xs = Array.from({ length: 30 }, (_, i) => (i * 37) % 101);
  const text = csv('x,y', 30, (i) => `${xs[i]},${i % 2 ? 'a' : 'b'}`);
  const ds = build(text, { valSplit: 0.3, seed: 5 });
  const train = [...ds.train].map((i) => xs[i]);
  const mean = train.reduce((a, b) => a + b, 0) / train.length;
  const std = Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / train.length);
  const all = xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.notEqual(mean, all);
  close(ds.scaler.mean[0], mean);
  close(ds.scaler.std[0], std);
  for (let i = 0; i < ds.n; i++) close(ds.x[i], (xs[i] - mean) / std);
});

test('a feature constant on the training rows is centred, not divided by ~0', () => {
  // Three training rows of 0.1: their floating-point mean is 0.10000000000000002, so the deviations are
  // not exactly 0; the variance must still count as 0 (std 1) rather than give values near 1e16.
  const text = 'x,z,y\n0.1,1,1.5\n0.1,2,2.5\n0.1,3,3.5\n0.9,4,4.5\n';
  for (let seed = 0; seed < 50; seed++) {
    const ds = build(text, { valSplit: 0.25, seed });
    if (ds.val[0] !== 3) continue;
    assert.equal(ds.scaler.std[0], 1);
    close(ds.x[0], 0, 1e-15);
    return;
  }
  assert.fail('no seed put the last row in validation');
});

test('regression target: standardized with training statistics, and back', () => {
  const ys = Array.from({ length: 50 }, (_, i) => 100 + ((i * 13) % 17) * 2.5);
  const ds = build(
    csv('x,y', 50, (i) => `${i},${ys[i]}`),
    { seed: 9 },
  );
  assert.equal(ds.task, 'regression');
  const ts = ds.targetScaler;
  assert.ok(ts);
  const train = [...ds.train];
  const mean = train.reduce((a, i) => a + ys[i], 0) / train.length;
  const std = Math.sqrt(train.reduce((a, i) => a + (ys[i] - mean) ** 2, 0) / train.length);
  close(ts.mean, mean);
  close(ts.std, std);
  for (let i = 0; i < ds.n; i++) close(ds.y[i] * ts.std + ts.mean, ys[i]);
  const raw = build(
    csv('x,y', 50, (i) => `${i},${ys[i]}`),
    { standardizeTarget: false },
  );
  assert.equal(raw.targetScaler, null);
  assert.deepEqual([...raw.y], ys);
});

test('option validation names the option', () => {
  const t = 'x,y\n1,2\n2,3\n';
  throwsLL(() => build(t, { valSplit: 1 }), /^valSplit must be a number in \[0, 1\)/, { field: 'valSplit' });
  throwsLL(() => build(t, { valSplit: -0.1 }), /^valSplit must be/);
  throwsLL(() => build(t, { seed: 1.5 }), /^seed must be an integer, got 1\.5$/, { field: 'seed' });
  throwsLL(
    () => build(t, { missing: 'median' as 'mean' }),
    /^missing must be one of drop, mean, mode, got "median" \(did you mean mean\?\)$/,
  );
  throwsLL(
    () => build(t, { task: 'clasification' as 'binary' }),
    /^task must be one of regression, binary, multiclass, distribution, embedding/,
  );
  throwsLL(() => build(t, { target: [] }), /^target must be a column name or a non-empty list/);
  throwsLL(() => build(t, { target: ['x', 'x'] }), /^target lists 'x' twice$/);
});

test('many-level categorical features get a warning', () => {
  // Named among the features: an identifier (every value distinct) is otherwise left out.
  const ds = build(
    csv('id,x,y', 60, (i) => `id${i},${i},${i % 2}`),
    { features: ['id', 'x'] },
  );
  assert.equal(ds.d, 61);
  assert.match(ds.warnings[0], /^column 'id' has 60 distinct values, one-hot encoded into 60 features/);
});

test('a target named with 1,295 characters that the file lacks: a message of one short line (fuzz seed 4194859717, index 18369)', () => {
  const name = 'q'.repeat(1295);
  assert.throws(
    () => build('a,b\n1,2\n3,4\n', { target: name }),
    (e: unknown) =>
      e instanceof LossLabError &&
      e.message === `target column '${'q'.repeat(30)}…${'q'.repeat(29)}' is not in data.csv; the columns are 'a', 'b'`,
  );
});

test('building a dataset leaves the table as it was: columns kept without a copy are never filled or scaled', () => {
  const t = table('a,b,c,y\n1,,u,0\n2,5,,1\n3,6,v,0\n4,7,u,1\n');
  const before = t.columns.map((c) =>
    c.kind === 'numeric' ? [...c.values] : c.kind === 'categorical' ? [...c.codes] : [],
  );
  const ds = buildDataset(t, { missing: 'mean', valSplit: 0 });
  assert.deepEqual(ds.featureNames, ['a', 'b', 'c=u', 'c=v']);
  const after = t.columns.map((c) =>
    c.kind === 'numeric' ? [...c.values] : c.kind === 'categorical' ? [...c.codes] : [],
  );
  assert.deepEqual(after, before);
  // Column a, complete and shared, still standardized in the matrix: (1..4 − 2.5) / std (population, 1.118…).
  const std = Math.sqrt(1.25);
  assert.deepEqual(
    Array.from({ length: 4 }, (_, i) => ds.x[i * ds.d]),
    [1, 2, 3, 4].map((v) => (v - 2.5) / std),
  );
});
