/** Per-class precision / recall / F1 against scikit-learn's classification_report. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ClassFigures, classReport } from '../../src/core/trainer/classReport';
import { close } from './assertions';

type Row = [precision: number, recall: number, f1: number, support: number];

function same(actual: ClassFigures, [precision, recall, f1, support]: Row, what: string): void {
  close(actual.precision, precision, 1e-15);
  close(actual.recall, recall, 1e-15);
  close(actual.f1, f1, 1e-15);
  assert.equal(actual.support, support, what);
}

test('four classes, one never predicted: per class, accuracy, macro and weighted averages as scikit-learn reports them', () => {
  // scikit-learn 1.2.1: y_true = cat×6, dog×5, fish×4, bird×2;
  // y_pred = cat cat cat cat dog fish | dog dog cat dog fish | fish fish fish fish | cat dog;
  // confusion_matrix(labels=[bird, cat, dog, fish]) and
  // classification_report(..., labels=[bird, cat, dog, fish], output_dict=True, zero_division=0).
  const confusion = [
    [0, 1, 1, 0],
    [0, 4, 1, 1],
    [0, 1, 3, 1],
    [0, 0, 0, 4],
  ];
  const r = classReport(confusion);
  const expected: Row[] = [
    [0.0, 0.0, 0.0, 2],
    [0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 6],
    [0.6, 0.6, 0.6, 5],
    [0.6666666666666666, 1.0, 0.8, 4],
  ];
  expected.forEach((row, c) => same(r.perClass[c], row, `class ${c}`));
  close(r.accuracy, 0.6470588235294118, 1e-15);
  same(r.macro, [0.4833333333333333, 0.5666666666666667, 0.5166666666666666, 17], 'macro');
  same(r.weighted, [0.5686274509803921, 0.6470588235294118, 0.6, 17], 'weighted');
});

test('a class predicted but never present has support 0 and counts in the macro average only', () => {
  // scikit-learn 1.2.1: y_true = [0,0,0,1,1,1,1,0,1,0], y_pred = [0,1,0,1,1,2,1,0,1,2], labels=[0,1,2].
  const r = classReport([
    [3, 1, 1],
    [0, 4, 1],
    [0, 0, 0],
  ]);
  const expected: Row[] = [
    [1.0, 0.6, 0.7499999999999999, 5],
    [0.8, 0.8, 0.8000000000000002, 5],
    [0.0, 0.0, 0.0, 0],
  ];
  expected.forEach((row, c) => same(r.perClass[c], row, `class ${c}`));
  close(r.accuracy, 0.7, 1e-15);
  same(r.macro, [0.6, 0.4666666666666666, 0.5166666666666667, 10], 'macro');
  same(r.weighted, [0.9, 0.7, 0.775, 10], 'weighted');
});
