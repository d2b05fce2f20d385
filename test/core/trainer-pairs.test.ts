import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/rng';
import { PairSampler } from '../../src/core/trainer/pairs';

// Rows 10..29 with labels by row: class 0 for 10..17, class 1 for 18..25, class 2 for 26..29.
const rows = Int32Array.from({ length: 20 }, (_, i) => 10 + i);
const label = (row: number) => (row < 18 ? 0 : row < 26 ? 1 : 2);

test('PairSampler: contrastive pairs are same-class (target 1, another row) or other-class (target 0), about half each', () => {
  const sampler = new PairSampler(rows, label);
  const anchors = Int32Array.from({ length: 2000 }, (_, i) => rows[i % rows.length]);
  const members = [new Int32Array(anchors.length), new Int32Array(anchors.length)];
  const target = new Float64Array(anchors.length);
  sampler.sample(anchors, label, 2, new Rng(3), members, target);
  let similar = 0;
  for (let i = 0; i < anchors.length; i++) {
    assert.equal(members[0][i], anchors[i]);
    assert.ok(rows.includes(members[1][i]), 'partners come from the sampler’s rows');
    if (target[i] === 1) {
      similar++;
      assert.equal(label(members[1][i]), label(anchors[i]));
      assert.notEqual(members[1][i], anchors[i], 'a similar partner is another row');
    } else {
      assert.equal(target[i], 0);
      assert.notEqual(label(members[1][i]), label(anchors[i]));
    }
  }
  // Binomial(2000, 1/2): 5 standard deviations is about ±112.
  assert.ok(Math.abs(similar - 1000) < 112, `${similar} similar of 2000`);
});

test('PairSampler: triplets are (anchor, same class other row, other class); the same seed gives the same triplets', () => {
  const sample = (seed: number) => {
    const members = [new Int32Array(rows.length), new Int32Array(rows.length), new Int32Array(rows.length)];
    const target = new Float64Array(rows.length).fill(7);
    new PairSampler(rows, label).sample(rows, label, 3, new Rng(seed), members, target);
    return { members, target };
  };
  const { members, target } = sample(5);
  for (let i = 0; i < rows.length; i++) {
    assert.equal(members[0][i], rows[i]);
    assert.equal(label(members[1][i]), label(rows[i]));
    assert.notEqual(members[1][i], rows[i]);
    assert.notEqual(label(members[2][i]), label(rows[i]));
    assert.equal(target[i], 0);
  }
  assert.deepEqual(sample(5).members, members);
});

test('PairSampler: a single class gives only similar pairs; a class of one row pairs the row with itself', () => {
  const one = Int32Array.from([4, 5, 6]);
  const members = [new Int32Array(3), new Int32Array(3)];
  const target = new Float64Array(3);
  new PairSampler(one, () => 0).sample(one, () => 0, 2, new Rng(1), members, target);
  assert.deepEqual(Array.from(target), [1, 1, 1]);
  const lone = Int32Array.from([1, 2]);
  const lab = (r: number) => r;
  const m3 = [new Int32Array(2), new Int32Array(2), new Int32Array(2)];
  new PairSampler(lone, lab).sample(lone, lab, 3, new Rng(1), m3, new Float64Array(2));
  assert.deepEqual(Array.from(m3[1]), [1, 2]);
  assert.deepEqual(Array.from(m3[2]), [2, 1]);
});
