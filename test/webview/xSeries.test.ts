import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHART_SPECS, type LineContext } from '../../webview/chartSpecs';
import { isOrdered, parseXSeries, xChoices, xLabel, xValues } from '../../webview/xSeries';
import { epochPoint, runView, stepPoint } from './fixtures';

// 2 epochs of 3 steps; the learning rate rises tenfold per step, as in an LR range test.
const run = runView('r', { totalSteps: 6, epochs: 2 });
const LRS = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1];
const steps = LRS.map((lr, s) => stepPoint(s, { epoch: s < 3 ? 1 : 2, t: 0.5 * s, lr, loss: 6 - s }));
const epochs = [
  epochPoint(1, { step: 3, t: 1.5, trainLoss: 5, valLoss: 4.5, metrics: { accuracy: 0.6 } }),
  epochPoint(2, { step: 6, t: 3, trainLoss: 2, valLoss: 2.5, metrics: { accuracy: 0.9 } }),
];

test('xValues: step, epoch and time axes place steps and epochs as the dashboard always has', () => {
  assert.deepEqual(xValues('step', run, steps, epochs), { steps: [0, 1, 2, 3, 4, 5], epochs: [3, 6] });
  assert.deepEqual(xValues('epoch', run, steps, epochs).epochs, [1, 2]);
  assert.deepEqual(xValues('epoch', run, steps, epochs).steps, [1 / 3, 2 / 3, 1, 4 / 3, 5 / 3, 2]);
  assert.deepEqual(xValues('time', run, steps, epochs), { steps: [0, 0.5, 1, 1.5, 2, 2.5], epochs: [1.5, 3] });
});

test('xValues: on a per-step series an epoch takes the value at its last step', () => {
  const lr = xValues('lr', run, steps, epochs);
  assert.deepEqual(lr.steps, [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]);
  // Epoch 1 ends after 3 steps: its last step is step 2; epoch 2's is step 5.
  assert.deepEqual(lr.epochs, [1e-3, 1]);
  assert.deepEqual(xValues('loss', run, steps, epochs).epochs, [4, 1]);
  // With thinned history the nearest earlier step stands in; before any step there is none.
  const thinned = [steps[0], steps[4]];
  assert.deepEqual(xValues('lr', run, thinned, epochs).epochs, [1e-5, 1e-1]);
  assert.deepEqual(xValues('lr', run, [], epochs).epochs.map(Number.isNaN), [true, true]);
});

test('xValues: on a per-epoch series steps have no x, epochs their value', () => {
  const acc = xValues('metric:accuracy', run, steps, epochs);
  assert.ok(acc.steps.every(Number.isNaN));
  assert.deepEqual(acc.epochs, [0.6, 0.9]);
  assert.deepEqual(xValues('valLoss', run, steps, epochs).epochs, [4.5, 2.5]);
  assert.ok(xValues('metric:missing', run, steps, epochs).epochs.every(Number.isNaN));
});

test('the loss chart against the learning rate: the LR range test view, on a log x axis', () => {
  const xs = xValues('lr', run, steps, epochs);
  const c: LineContext = {
    run,
    steps,
    epochs,
    stepXs: xs.steps,
    epochXs: xs.epochs,
    smoothing: 0,
    log: false,
    logX: true,
    metric: null,
    layers: false,
  };
  const lines = CHART_SPECS.find((s) => s.id === 'loss')!.lines(c);
  const step = lines.find((l) => l.key === 'step')!;
  assert.deepEqual(
    step.points.map((p) => [p.x, p.y]),
    steps.map((p) => [p.lr, p.loss]),
  );
  assert.deepEqual(step.steps, [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(lines.find((l) => l.key === 'val')!.points, [
    { x: 1e-3, y: 4.5 },
    { x: 1, y: 2.5 },
  ]);
  // A log x axis leaves out x <= 0.
  const zero = { ...c, stepXs: [0, ...xs.steps.slice(1)] };
  assert.equal(
    CHART_SPECS.find((s) => s.id === 'loss')!
      .lines(zero)
      .find((l) => l.key === 'step')!.points.length,
    5,
  );
  // On a metric's axis the per-step lines are empty and the epoch lines carry the chart.
  const acc = xValues('metric:accuracy', run, steps, epochs);
  const byAcc = CHART_SPECS.find((s) => s.id === 'loss')!.lines({
    ...c,
    logX: false,
    stepXs: acc.steps,
    epochXs: acc.epochs,
  });
  assert.equal(byAcc.find((l) => l.key === 'step')!.points.length, 0);
  assert.deepEqual(byAcc.find((l) => l.key === 'epoch')!.points, [
    { x: 0.6, y: 5 },
    { x: 0.9, y: 2 },
  ]);
});

test('x choices: the fixed series, then each metric (not the multitask each/ groups); saved choices checked', () => {
  const values = xChoices(['each/loss', 'accuracy']).map((c) => c.value);
  assert.deepEqual(values, [
    'step',
    'epoch',
    'time',
    'lr',
    'loss',
    'gradNorm',
    'updateRatio',
    'trainLoss',
    'valLoss',
    'metric:accuracy',
  ]);
  assert.equal(xLabel('lr'), 'learning rate');
  assert.equal(xLabel('metric:accuracy'), 'accuracy');
  assert.ok(isOrdered('time') && !isOrdered('lr'));
  assert.equal(parseXSeries('lr'), 'lr');
  assert.equal(parseXSeries('metric:f1'), 'metric:f1');
  for (const bad of ['metric:', 'bogus', 3, null, `metric:${'x'.repeat(300)}`]) assert.equal(parseXSeries(bad), null);
});
