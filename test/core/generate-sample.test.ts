/**
 * Sampling a generative model decodes through the layout: a generator whose weights are all zero puts out
 * its biases for every z, so each numeric column is bias · std + mean exactly, and each categorical label
 * is drawn with the softmax of its block's biases.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GenerativeLayout } from '../../src/core/generate/layout';
import { sampleRows } from '../../src/core/generate/sample';
import { Mlp } from '../../src/core/model/mlp';
import { Rng } from '../../src/core/rng';

const layout: GenerativeLayout = {
  width: 5,
  blocks: [
    { kind: 'numeric', name: 'height', offset: 0, mean: 170, std: 10 },
    { kind: 'categorical', name: 'colour, name', offset: 1, width: 3, labels: ['red', 'green', 'blue'] },
    { kind: 'numeric', name: 'weight', offset: 4, mean: -2, std: 0.5 },
  ],
};
const bias = [0.5, Math.log(0.2), Math.log(0.3), Math.log(0.5), -3];

function zeroGenerator(): Mlp {
  const g = new Mlp([4, 5], 'relu');
  g.setParams([{ weight: Array.from({ length: 5 }, () => [0, 0, 0, 0]), bias }]);
  return g;
}

test('a zero-weight generator gives bias · std + mean in every numeric column, in column order', () => {
  const { header, rows } = sampleRows(zeroGenerator(), layout, 50, new Rng(1));
  assert.deepEqual(header, ['height', 'colour, name', 'weight']);
  assert.equal(rows.length, 50);
  for (const r of rows) {
    assert.equal(Number(r[0]), 0.5 * 10 + 170);
    assert.equal(Number(r[2]), -3 * 0.5 - 2);
  }
});

test("a zero-weight generator draws each label with the softmax of its block's biases", () => {
  const n = 20000;
  const { rows } = sampleRows(zeroGenerator(), layout, n, new Rng(2));
  const share = (label: string) => rows.filter((r) => r[1] === label).length / n;
  // softmax(log 0.2, log 0.3, log 0.5) = (0.2, 0.3, 0.5); 4 standard errors at n = 20000 is under 0.015.
  for (const [label, p] of [
    ['red', 0.2],
    ['green', 0.3],
    ['blue', 0.5],
  ] as const)
    assert.ok(Math.abs(share(label) - p) < 0.015, `${label}: ${share(label)} vs ${p}`);
});

test('the same seed draws the same rows, another seed others', () => {
  const a = sampleRows(zeroGenerator(), layout, 30, new Rng(5)).rows;
  assert.deepEqual(sampleRows(zeroGenerator(), layout, 30, new Rng(5)).rows, a);
  assert.notDeepEqual(sampleRows(zeroGenerator(), layout, 30, new Rng(6)).rows, a);
});
