/**
 * The sequence metrics: hand-worked cases of seqeval's chunk rules, and random cases whose values come from
 * scikit-learn (macro F1) and a Python transcription of seqeval's default mode (entity F1),
 * test/fixtures/sequence/generate.py.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { entities, isBio } from '../../src/core/sequence/entities';
import { sequenceMetrics } from '../../src/core/sequence/metrics';
import { fixturePath } from './fixtures';

test('chunks follow seqeval: an I after O or another type starts a chunk, a B ends one', () => {
  assert.deepEqual(entities(['B-PER', 'I-PER', 'O', 'B-LOC']), ['PER@0-1', 'LOC@3-3']);
  assert.deepEqual(entities(['O', 'I-PER', 'I-PER']), ['PER@1-2']);
  assert.deepEqual(entities(['B-PER', 'I-LOC', 'I-LOC']), ['PER@0-0', 'LOC@1-2']);
  assert.deepEqual(entities(['B-PER', 'B-PER', 'I-PER']), ['PER@0-0', 'PER@1-2']);
  assert.deepEqual(entities(['O', 'O']), []);
  assert.deepEqual(entities(['I-X'], 5), ['X@5-5']);
});

test('BIO is recognised from the tag labels', () => {
  assert.ok(isBio(['O', 'B-PER', 'I-PER']));
  assert.ok(!isBio(['NOUN', 'VERB']));
  assert.ok(!isBio(['O', 'I-PER']));
  assert.ok(!isBio(['O', 'B-PER', 'X']));
});

test('hand-worked: one of two sequences right, one entity of two found', () => {
  const labels = ['O', 'B-PER', 'I-PER'];
  // Truth: [B I O] [O B]; predicted: [B I O] [O O]. Tokens 4/5; sequences 1/2.
  // Entities: truth PER@0-1, PER@4-4; predicted PER@0-1: P = 1, R = 1/2, F1 = 2/3.
  // Per tag: O tp 2 (true 2, pred 3) → 4/5; B tp 1 (2, 1) → 2/3; I tp 1 (1, 1) → 1; macro = (4/5 + 2/3 + 1)/3.
  const m = sequenceMetrics([1, 2, 0, 0, 0], [1, 2, 0, 0, 1], [3, 2], labels);
  assert.ok(Math.abs(m.token_accuracy - 0.8) < 1e-15);
  assert.equal(m.sequence_accuracy, 0.5);
  assert.ok(Math.abs(m.entity_f1 - 2 / 3) < 1e-15);
  assert.ok(Math.abs(m.macro_f1 - (4 / 5 + 2 / 3 + 1) / 3) < 1e-15);
});

test('no entity predicted and none there: entity F1 is 0, as seqeval', () => {
  assert.equal(sequenceMetrics([0, 0], [0, 0], [2], ['O', 'B-X', 'I-X']).entity_f1, 0);
});

interface MetricsCase {
  labels: string[];
  truth: number[][];
  predicted: number[][];
  expected: Record<string, number>;
}

const cases = (
  JSON.parse(readFileSync(fixturePath('metrics.json', 'test/fixtures/sequence'), 'utf8')) as { cases: MetricsCase[] }
).cases;

cases.forEach((c, i) => {
  test(`random case ${i} (${c.truth.length} sequences, ${c.labels.join(' ')}) matches scikit-learn and seqeval's rules`, () => {
    const m = sequenceMetrics(
      c.predicted.flat(),
      c.truth.flat(),
      c.truth.map((s) => s.length),
      c.labels,
    );
    assert.deepEqual(Object.keys(m).sort(), Object.keys(c.expected).sort());
    for (const [name, want] of Object.entries(c.expected))
      assert.ok(Math.abs(m[name] - want) < 1e-12, `${name}: ${m[name]} vs ${want}`);
  });
});
