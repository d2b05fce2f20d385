/**
 * Sequence labelling on data whose best decoder is known: tags from a hidden Markov model over BIO tags,
 * B and I nearly alike token by token (test/data/hmm/generate.py, which also computes the accuracy on
 * val.csv of Viterbi with the true model). A CRF must come within a margin of that ideal and beat the
 * same network trained token by token with cross-entropy on whole-sequence accuracy. Also the dataset
 * side: rows ordered within sequences, the split by sequence, the errors.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { parseCsvText } from '../../src/core/csv';
import { appendValidation } from '../../src/core/csv/append';
import { buildDataset } from '../../src/core/dataset';
import { dataOptions } from '../../src/core/run';
import { planRun } from '../../src/core/trainer/setup';
import { train } from '../../src/core/trainer/train';
import type { RunEvent } from '../../src/core/trainer/events';
import { fixturePath } from './fixtures';

const HMM = 'test/data/hmm';
const read = (name: string) => parseCsvText(readFileSync(fixturePath(name, HMM), 'utf8'), name);
const ideal = JSON.parse(readFileSync(fixturePath('ideal.json', HMM), 'utf8')) as Record<string, number>;
const table = appendValidation(read('train.csv'), read('val.csv'));
const data = buildDataset(table, { target: 'tag', sequence: 'sentence', order: 'position' });

/** The margin the CRF must reach the ideal decoder's accuracy within (README: "Sequence labelling"). */
const MARGIN = { token_accuracy: 0.02, sequence_accuracy: 0.05 };

async function run(loss: string, epochs = 40) {
  const config = resolveRunConfig(
    {
      loss,
      data: { target: 'tag', sequence: 'sentence', order: 'position' },
      model: { hidden: [16], activation: 'relu' },
      optimizer: { name: 'adam', lr: 0.03 },
      training: { epochs, batchSize: 32, seed: 1 },
    },
    defaultConfig('train.csv'),
  );
  const events: RunEvent[] = [];
  const { summary, model } = await train(planRun(config, data), { onEvent: (e) => events.push(e) });
  const epochEvents = events.filter((e) => e.type === 'epoch');
  return { metrics: summary.final!.metrics, epochs: epochEvents, taskParams: model.taskParams };
}

test('on HMM sequences the CRF comes within the margin of the ideal decoder and beats per-token cross-entropy', async (t) => {
  const crf = (await run('crf')).metrics;
  const tokenwise = (await run('cross_entropy')).metrics;
  const show = (m: Record<string, number>) =>
    `token ${m.token_accuracy.toFixed(3)}, sequence ${m.sequence_accuracy.toFixed(3)}, entity F1 ${m.entity_f1?.toFixed(3)}`;
  t.diagnostic(`crf: ${show(crf)}; cross-entropy: ${show(tokenwise)}; ideal: ${show(ideal)}`);
  assert.ok(crf.sequence_accuracy > tokenwise.sequence_accuracy + 0.2, 'the CRF must beat cross-entropy');
  for (const m of ['token_accuracy', 'sequence_accuracy'] as const)
    assert.ok(crf[m] >= ideal[m] - MARGIN[m], `${m} ${crf[m]} vs ideal ${ideal[m]}`);
});

test('the rows of each sequence are consecutive and in order; the split keeps sequences whole', () => {
  const csv = 'doc,pos,x,tag\na,2,0.3,B\nb,1,0.1,O\na,1,0.2,O\nb,0,0.5,B\nc,0,1,O\nc,1,2,B\nd,0,3,O\nd,1,4,B';
  const ds = buildDataset(parseCsvText(csv, 'seq.csv'), {
    target: 'tag',
    sequence: 'doc',
    order: 'pos',
    valSplit: 0.25,
  });
  assert.equal(ds.task, 'sequence');
  assert.deepEqual(Array.from(ds.lines), [4, 2, 5, 3, 6, 7, 8, 9]);
  assert.deepEqual(Array.from(ds.group!), [0, 0, 1, 1, 2, 2, 3, 3]);
  assert.deepEqual(ds.featureNames, ['x']);
  const valSequences = new Set(Array.from(ds.val, (r) => ds.group![r]));
  assert.equal(valSequences.size, 1);
  assert.ok(Array.from(ds.train).every((r) => !valSequences.has(ds.group![r])));
});

test('bad combinations are one-line errors naming the setting', () => {
  const csv = parseCsvText('doc,pos,x,tag\na,1,0.5,B\na,2,0.1,O\nb,1,0.2,O\nb,2,0.7,B', 'seq.csv');
  const config = (o: object) => resolveRunConfig(o, defaultConfig('seq.csv'));
  assert.throws(() => dataOptions(config({ loss: 'crf', data: { target: 'tag' } })), /crf needs --sequence/);
  assert.throws(
    () => buildDataset(csv, { target: 'x', sequence: 'doc' }),
    /non-integer value .*sequence tags are categories/,
  );
  assert.throws(() => buildDataset(csv, { target: 'tag', order: 'pos' }), /order needs the sequence column too/);
  assert.throws(
    () => buildDataset(csv, { target: 'tag', sequence: 'doc', order: 'tag' }),
    /column 'tag' is the order column/,
  );
  assert.throws(
    () => buildDataset(csv, { target: 'tag', sequence: 'doc', task: 'multiclass' }),
    /sequence is for task sequence/,
  );
  assert.throws(
    () => planRun(config({ loss: 'crf' }), buildDataset(csv, { target: 'tag' })),
    /loss 'crf' does not fit a binary task/,
  );
});

test("a CRF run's epochs carry its transition scores for the dashboard; a per-token run's none", async () => {
  const crf = await run('crf', 2);
  assert.equal(crf.epochs.length, 2);
  const last = crf.epochs[1].transitions!;
  assert.deepEqual(last.tags, ['B-ENT', 'I-ENT', 'O']);
  // The model's task parameters start with the transitions, row-major.
  assert.deepEqual(last.scores.flat(), Array.from(crf.taskParams.subarray(0, 9)));
  assert.notDeepEqual(crf.epochs[0].transitions!.scores, last.scores);
  assert.ok((await run('cross_entropy', 1)).epochs.every((e) => e.transitions === undefined));
});
