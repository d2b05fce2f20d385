/** A separate validation file: appended to the training file's table with its kinds, and the split it makes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendValidation, checkSameColumns, kindsDiffer, kindsOf } from '../../src/core/csv/append';
import { parseCsv } from '../../src/core/csv/parse';
import type { CsvOptions } from '../../src/core/csv';
import { buildDataset } from '../../src/core/dataset/build';
import { LossLabError } from '../../src/core/errors';

const parse = (text: string, file: string, o: CsvOptions = {}) => parseCsv(new TextEncoder().encode(text), file, o);

/** As a run reads them: the validation file read again with the training file's kinds where they differ. */
function both(train: string, val: string) {
  const t = parse(train, 'train.csv');
  const v = parse(val, 'val.csv');
  checkSameColumns(t, v);
  return appendValidation(t, kindsDiffer(t, v) ? parse(val, 'val.csv', { kinds: kindsOf(t) }) : v);
}

const TRAIN = 'x,color,y\n1,red,a\n2,blue,b\n3,red,a\n4,blue,b\n5,red,a\n6,blue,b\n';
const VAL = 'x,color,y\n10,green,b\n20,red,a\n';

test('the validation rows follow the training rows, categorical levels merged, each row keeping its line', () => {
  const table = both(TRAIN, VAL);
  assert.equal(table.rowCount, 8);
  assert.equal(table.validationFrom, 6);
  assert.deepEqual(Array.from(table.lines), [2, 3, 4, 5, 6, 7, 2, 3]);
  const [x, color] = table.columns;
  assert.equal(x.kind, 'numeric');
  assert.deepEqual(Array.from(x.kind === 'numeric' ? x.values : []), [1, 2, 3, 4, 5, 6, 10, 20]);
  assert.equal(color.kind, 'categorical');
  if (color.kind === 'categorical')
    assert.deepEqual(
      Array.from(color.codes, (k) => color.levels[k]),
      ['red', 'blue', 'red', 'blue', 'red', 'blue', 'green', 'red'],
    );
});

test('the split is by file, and the features are standardized with the training rows only', () => {
  const ds = buildDataset(both(TRAIN, VAL), { target: 'y', valSplit: 0.5 });
  assert.deepEqual(Array.from(ds.train), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(Array.from(ds.val), [6, 7]);
  // x over the training rows: mean 3.5, population std √(35/12).
  assert.equal(ds.scaler.mean[0], 3.5);
  assert.ok(Math.abs(ds.scaler.std[0] - Math.sqrt(35 / 12)) < 1e-12);
  assert.ok(Math.abs(ds.x[6 * ds.d] - (10 - 3.5) / Math.sqrt(35 / 12)) < 1e-12);
});

test('a validation file whose column looks like another kind is read with the training file’s kind', () => {
  // Two rows of 1 and 0 alone read as boolean; the training file has them as numbers.
  const table = both('x,y\n1.5,a\n2.5,b\n3,a\n4,b\n', 'x,y\n1,a\n0,b\n');
  assert.equal(table.columns[0].kind, 'numeric');
});

test('a validation file with other columns is refused, naming both files', () => {
  assert.throws(
    () => both(TRAIN, 'x,colour,y\n1,red,a\n'),
    (e: unknown) =>
      e instanceof LossLabError &&
      /val\.csv must have the columns of train\.csv in the same order/.test(e.message) &&
      e.where.field === 'data.valPath',
  );
});
