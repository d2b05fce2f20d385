import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seriesCsv, seriesJson } from '../../src/views/exportData';
import { epochPoint, runView, stepPoint } from './fixtures';

const runA = {
  run: runView('a1', { name: 'a, "quoted"' }),
  steps: [
    stepPoint(0, {
      epoch: 1,
      t: 0.5,
      loss: 0.7,
      lr: 0.1,
      gradNorm: 2,
      layerGradNorms: [1.5, 0.25],
      updateRatio: 0.001,
    }),
    stepPoint(1, { epoch: 1, t: 1, loss: 0.6, lr: 0.1, gradNorm: 2, layerGradNorms: [1.5, 0.25], updateRatio: 0.001 }),
    stepPoint(2, {
      epoch: 2,
      t: 1.5,
      loss: NaN,
      lr: 0.1,
      gradNorm: 2,
      layerGradNorms: [1.5, 0.25],
      updateRatio: 0.001,
    }),
    stepPoint(3, {
      epoch: 2,
      t: 2,
      loss: 0.4,
      lr: 0.1,
      gradNorm: Infinity,
      layerGradNorms: [1.5, 0.25],
      updateRatio: 0.001,
    }),
  ],
  epochs: [
    epochPoint(1, { step: 2, t: 1.1, trainLoss: 0.65, valLoss: 0.7, metrics: { accuracy: 0.5, roc_auc: 0.75 } }),
    epochPoint(2, { step: 4, t: 2.1, trainLoss: 0.55, valLoss: null, metrics: { accuracy: 0.75, roc_auc: 0.8 } }),
  ],
};
// Epoch 1 of this run has no step rows (thinned away): its values get a row of their own.
const runB = {
  run: runView('b1', { name: 'b' }),
  steps: [stepPoint(2, { epoch: 2, t: 1, loss: 0.3, lr: 0.05, gradNorm: 1, layerGradNorms: [], updateRatio: 0.002 })],
  epochs: [
    epochPoint(1, { step: 1, t: 0.4, trainLoss: 0.5, valLoss: 0.45, metrics: { accuracy: 0.8 } }),
    epochPoint(2, { step: 3, t: 1.2, trainLoss: 0.31, valLoss: 0.29, metrics: { accuracy: 0.9 } }),
  ],
};

test('seriesCsv: a header, then one row per step per run, epoch values on each epoch’s last step', () => {
  const lines = seriesCsv([runA, runB]).split('\n');
  assert.deepEqual(lines, [
    'run,run_id,step,epoch,time_s,loss,lr,grad_norm,grad_norm_layer_1,grad_norm_layer_2,update_ratio,epoch_train_loss,val_loss,accuracy,roc_auc',
    '"a, ""quoted""",a1,0,1,0.5,0.7,0.1,2,1.5,0.25,0.001,,,,',
    '"a, ""quoted""",a1,1,1,1,0.6,0.1,2,1.5,0.25,0.001,0.65,0.7,0.5,0.75',
    '"a, ""quoted""",a1,2,2,1.5,nan,0.1,2,1.5,0.25,0.001,,,,',
    '"a, ""quoted""",a1,3,2,2,0.4,0.1,inf,1.5,0.25,0.001,0.55,,0.75,0.8',
    'b,b1,2,2,1,0.3,0.05,1,,,0.002,0.31,0.29,0.9,',
    'b,b1,1,1,0.4,,,,,,,0.5,0.45,0.8,',
    '',
  ]);
});

test('seriesCsv: no runs is just the header', () => {
  assert.equal(
    seriesCsv([]),
    'run,run_id,step,epoch,time_s,loss,lr,grad_norm,update_ratio,epoch_train_loss,val_loss\n',
  );
});

test('seriesJson: runs with their views and series; non-finite numbers become null', () => {
  const parsed = JSON.parse(seriesJson([runA, runB])) as {
    runs: { id: string; name: string; steps: { loss: number | null; gradNorm: number | null }[]; epochs: unknown[] }[];
  };
  assert.deepEqual(
    parsed.runs.map((r) => [r.id, r.name, r.steps.length, r.epochs.length]),
    [
      ['a1', 'a, "quoted"', 4, 2],
      ['b1', 'b', 1, 2],
    ],
  );
  assert.equal(parsed.runs[0].steps[2].loss, null);
  assert.equal(parsed.runs[0].steps[3].gradNorm, null);
  assert.equal(parsed.runs[0].steps[3].loss, 0.4);
});
