/**
 * The bundled scikit-learn datasets (test/data/README.md). Expected sizes and class counts are those
 * documented for scikit-learn's loaders; reference statistics are recomputed here from the raw text with a
 * plain split (the files have no quotes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { typeColumns } from '../../src/core/csv/columns';
import { loadCsv } from '../../src/io/csv/load';
import { type DataOptions, type Dataset, buildDataset, summarizeTarget } from '../../src/core/dataset';
import { LossLabError } from '../../src/core/errors';

const DATA = join(process.cwd(), 'test', 'data');
const path = (name: string): string => join(DATA, `${name}.csv`);
/** A file's dataset, loaded the one way Loss Lab loads data (`loadCsv`). */
const readDataset = async (file: string, opts: DataOptions = {}): Promise<Dataset> =>
  buildDataset(await loadCsv(file), opts);

/** Header and data rows of a quote-free CSV. */
function rawRows(name: string): { header: string[]; rows: string[][] } {
  const [head, ...rest] = readFileSync(path(name), 'utf8').trim().split('\n');
  return { header: head.split(','), rows: rest.map((l) => l.split(',')) };
}

function classCounts(y: Float64Array, rows: Int32Array, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (const i of rows) c[y[i]]++;
  return c;
}

test('iris: multiclass, 150 rows, 4 features, 3 classes of 50', async () => {
  const ds = await readDataset(path('iris'));
  assert.equal(ds.task, 'multiclass');
  assert.equal(ds.n, 150);
  assert.equal(ds.d, 4);
  assert.deepEqual(ds.classes, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(ds.targetNames, ['species']);
  assert.deepEqual(ds.warnings, []);
  // Stratified 80/20: 10 of each class in validation.
  assert.deepEqual(classCounts(ds.y, ds.val, 3), [10, 10, 10]);
  assert.deepEqual(classCounts(ds.y, ds.train, 3), [40, 40, 40]);
});

test('iris: features standardized with the training rows, checked against the raw text', async () => {
  const ds = await readDataset(path('iris'), { seed: 7 });
  const { rows } = rawRows('iris');
  assert.deepEqual(
    [...ds.lines],
    rows.map((_, i) => i + 2),
  );
  for (let j = 0; j < 4; j++) {
    const train = [...ds.train].map((i) => Number(rows[i][j]));
    const mean = train.reduce((a, b) => a + b, 0) / train.length;
    const std = Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / train.length);
    assert.ok(Math.abs(ds.scaler.mean[j] - mean) < 1e-12);
    assert.ok(Math.abs(ds.scaler.std[j] - std) < 1e-12);
    for (let i = 0; i < ds.n; i++) assert.ok(Math.abs(ds.x[i * 4 + j] - (Number(rows[i][j]) - mean) / std) < 1e-12);
  }
});

test('breast_cancer: binary, 569 rows, 30 features, 212 malignant / 357 benign', async () => {
  const ds = await readDataset(path('breast_cancer'));
  assert.equal(ds.task, 'binary');
  assert.equal(ds.n, 569);
  assert.equal(ds.d, 30);
  assert.deepEqual(ds.classes, ['benign', 'malignant']);
  assert.deepEqual(
    classCounts(ds.y, ds.train, 2).map((c, k) => c + classCounts(ds.y, ds.val, 2)[k]),
    [357, 212],
  );
  // round(0.2 · 357) = 71, round(0.2 · 212) = 42.
  assert.deepEqual(classCounts(ds.y, ds.val, 2), [71, 42]);
});

test('wine: multiclass, 178 rows, 13 features, classes of 59 / 71 / 48', async () => {
  const ds = await readDataset(path('wine'));
  assert.equal(ds.task, 'multiclass');
  assert.equal(ds.n, 178);
  assert.equal(ds.d, 13);
  assert.deepEqual(ds.classes, ['cultivar_0', 'cultivar_1', 'cultivar_2']);
  const all = new Int32Array(ds.n).map((_, i) => i);
  assert.deepEqual(classCounts(ds.y, all, 3), [59, 71, 48]);
  assert.deepEqual(classCounts(ds.y, ds.val, 3), [12, 14, 10]);
});

test('diabetes: regression, 442 rows, 10 features; the target round-trips through its scaler', async () => {
  const ds = await readDataset(path('diabetes'));
  assert.equal(ds.task, 'regression');
  assert.equal(ds.n, 442);
  assert.equal(ds.d, 10);
  assert.equal(ds.classes, null);
  assert.equal(ds.val.length, Math.round(442 * 0.2));
  const ts = ds.targetScaler;
  assert.ok(ts);
  const y = rawRows('diabetes').rows.map((r) => Number(r[10]));
  assert.equal(Math.min(...y), 25);
  assert.equal(Math.max(...y), 346);
  for (let i = 0; i < ds.n; i++) assert.ok(Math.abs(ds.y[i] * ts.std + ts.mean - y[i]) < 1e-9);
  // On the training rows the standardized target has mean 0 and population std 1.
  const t = [...ds.train].map((i) => ds.y[i]);
  const mean = t.reduce((a, b) => a + b, 0) / t.length;
  const sd = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / t.length);
  assert.ok(Math.abs(mean) < 1e-12);
  assert.ok(Math.abs(sd - 1) < 1e-12);
});

test('digits: multiclass over 10 numeric labels, 1797 rows; all-zero pixel columns dropped', async () => {
  const ds = await readDataset(path('digits'));
  assert.equal(ds.task, 'multiclass');
  assert.equal(ds.n, 1797);
  assert.deepEqual(ds.classes, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  const all = new Int32Array(ds.n).map((_, i) => i);
  assert.deepEqual(classCounts(ds.y, all, 10), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  // Columns holding one value throughout, found from the raw text.
  const { header, rows } = rawRows('digits');
  const constant = header.slice(0, 64).filter((_, j) => rows.every((r) => r[j] === rows[0][j]));
  assert.ok(constant.length > 0);
  assert.equal(ds.d, 64 - constant.length);
  assert.deepEqual(
    ds.warnings,
    constant.map(
      (name) => `column '${name}' has the single value '${rows[0][header.indexOf(name)]}'; dropped from the features`,
    ),
  );
  assert.deepEqual(
    ds.featureNames,
    header.slice(0, 64).filter((h) => !constant.includes(h)),
  );
});

test('typing the real files: every feature numeric, text targets categorical', async () => {
  for (const name of ['iris', 'breast_cancer', 'wine', 'diabetes', 'digits']) {
    const cols = typeColumns(await loadCsv(path(name)));
    const features = cols.slice(0, -1).filter((c) => c.kind !== 'constant');
    assert.ok(
      features.every((c) => c.kind === 'numeric' && c.missing === 0),
      name,
    );
    const target = cols[cols.length - 1];
    assert.equal(target.kind, name === 'diabetes' || name === 'digits' ? 'numeric' : 'categorical', name);
  }
});

test('loading a missing file or a folder is a LossLabError', async () => {
  const missing = join(DATA, 'no_such_file.csv');
  await assert.rejects(
    readDataset(missing),
    (e: unknown) => e instanceof LossLabError && e.message === `file not found: ${missing}` && e.where.file === missing,
  );
  await assert.rejects(readDataset(DATA), /is a folder; give a CSV file/);
});

test('summarizeTarget names the task of each dataset as scikit-learn documents it, as buildDataset trains it', async () => {
  // Known tasks: iris 3 species, wine 3 cultivars, digits 10 labels 0–9, breast cancer 2 diagnoses, diabetes a
  // disease-progression score. Wine's proline (a measurement) is regression when picked as the target.
  const cases: [name: string, target: string | undefined, task: string][] = [
    ['iris', undefined, 'multiclass'],
    ['wine', 'cultivar', 'multiclass'],
    ['digits', undefined, 'multiclass'],
    ['breast_cancer', undefined, 'binary'],
    ['diabetes', undefined, 'regression'],
    ['wine', 'proline', 'regression'],
  ];
  for (const [name, target, task] of cases) {
    const table = await loadCsv(path(name));
    assert.equal(summarizeTarget(table, { target }).task, task, `${name} ${target ?? ''}`);
    assert.equal(buildDataset(table, { target, valSplit: 0 }).task, task, `${name} ${target ?? ''}`);
  }
  // Class counts as scikit-learn documents them: iris 50 of each species, wine 59 / 71 / 48, breast cancer
  // 212 malignant and 357 benign.
  assert.deepEqual(summarizeTarget(await loadCsv(path('iris'))).counts, [50, 50, 50]);
  assert.deepEqual(summarizeTarget(await loadCsv(path('wine'))).counts, [59, 71, 48]);
  const cancer = summarizeTarget(await loadCsv(path('breast_cancer')));
  assert.deepEqual(Object.fromEntries(cancer.classes!.map((c, k) => [c, cancer.counts![k]])), {
    benign: 357,
    malignant: 212,
  });
  assert.equal(summarizeTarget(await loadCsv(path('diabetes'))).counts, null);
  // And the same refusals: a requested task the target cannot be.
  const iris = await loadCsv(path('iris'));
  assert.throws(
    () => summarizeTarget(iris, { task: 'regression' }),
    (e: unknown) => e instanceof LossLabError && /not numeric/.test(e.message),
  );
});
