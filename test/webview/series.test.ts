import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHART_SPECS, type LineContext } from '../../webview/chartSpecs';
import { epochLine, epochX, stepLines, stepsPerEpoch, stepX, TRACE } from '../../webview/series';
import { epochPoint, runView, stepPoint } from './fixtures';
import { metricNames } from '../../src/views/metrics';

test('stepX: steps on the epoch axis end where their epoch’s point is', () => {
  // 3 epochs of 4 steps: step 3 is epoch 1's last, step 11 epoch 3's last.
  assert.equal(stepX(stepPoint(3, { epoch: 1 }), 'epoch', 4), 1);
  assert.equal(stepX(stepPoint(11, { epoch: 3 }), 'epoch', 4), 3);
  assert.equal(stepX(stepPoint(5, { epoch: 2 }), 'epoch', 4), 1.5);
  assert.equal(stepX(stepPoint(5, { epoch: 2 }), 'epoch', 0), 2, 'unknown epoch length: the epoch itself');
  assert.equal(stepX(stepPoint(5, { t: 2.5 }), 'time', 4), 2.5);
  assert.equal(stepX(stepPoint(5), 'step', 4), 5);
  const e = epochPoint(2, { step: 8, t: 3 });
  assert.deepEqual([epochX(e, 'step'), epochX(e, 'epoch'), epochX(e, 'time')], [8, 2, 3]);
});

test('stepsPerEpoch: from the run’s totals, else from its latest epoch', () => {
  assert.equal(stepsPerEpoch(runView('r', { totalSteps: 120, epochs: 40 }), []), 3);
  assert.equal(
    stepsPerEpoch(runView('r', { totalSteps: 0, epochs: 0 }), [
      epochPoint(1, { step: 5 }),
      epochPoint(2, { step: 10 }),
    ]),
    5,
  );
  assert.equal(stepsPerEpoch(runView('r', { totalSteps: 0, epochs: 0 }), []), 0);
});

const opts = { axis: 'step' as const, smoothing: 0, log: false };

test('stepLines: one raw line without smoothing; a faint raw trace under the smoothed line with it', () => {
  const steps = [stepPoint(0, { loss: 1 }), stepPoint(1, { loss: 2 }), stepPoint(2, { loss: 3 })];
  const xs = [0, 1, 2];
  const plain = stepLines('k', 'loss', steps, (p) => p.loss, xs, opts);
  assert.equal(plain.length, 1);
  assert.deepEqual(plain[0].points, [
    { x: 0, y: 1 },
    { x: 1, y: 2 },
    { x: 2, y: 3 },
  ]);
  const smoothed = stepLines('k', 'loss', steps, (p) => p.loss, xs, { ...opts, smoothing: 0.5 });
  assert.deepEqual(
    smoothed.map((l) => l.key),
    ['k:raw', 'k'],
  );
  assert.equal(smoothed[0].style, TRACE);
  assert.deepEqual(
    smoothed[0].points.map((p) => p.y),
    [1, 2, 3],
  );
  assert.ok(Math.abs(smoothed[1].points[2].y - 17 / 7) < 1e-15);
});

test('stepLines: non-finite values are dropped, and on a log axis zero and negatives too', () => {
  const ys = [0.5, NaN, 0, -1, Infinity, 2];
  const steps = ys.map((loss, i) => stepPoint(i, { loss }));
  const xs = steps.map((p) => p.step);
  assert.deepEqual(
    stepLines('k', 'l', steps, (p) => p.loss, xs, opts)[0].points.map((p) => p.y),
    [0.5, 0, -1, 2],
  );
  assert.deepEqual(
    stepLines('k', 'l', steps, (p) => p.loss, xs, { ...opts, log: true })[0].points.map((p) => p.y),
    [0.5, 2],
  );
});

test('epochLine: epochs without the value (no validation split) are left out', () => {
  const epochs = [epochPoint(1, { valLoss: 0.5 }), epochPoint(2, { valLoss: null }), epochPoint(3, { valLoss: 0.25 })];
  const xs = epochs.map((e) => epochX(e, 'epoch'));
  const line = epochLine('val', 'validation', epochs, (e) => e.valLoss, xs, opts, TRACE);
  assert.deepEqual(line.points, [
    { x: 1, y: 0.5 },
    { x: 3, y: 0.25 },
  ]);
});

test('chart specs: loss draws step, epoch and validation lines; per-layer grad norms one line per layer', () => {
  const steps = [0, 1, 2, 3].map((s) => stepPoint(s, { layerGradNorms: [1, 2, 3] }));
  const c: LineContext = {
    ...opts,
    run: runView('r'),
    steps,
    epochs: [epochPoint(1, { valLoss: 0.3 })],
    stepXs: [0, 1, 2, 3],
    epochXs: [2],
    metric: null,
    layers: false,
  };
  const spec = (id: string) => CHART_SPECS.find((s) => s.id === id)!;
  assert.deepEqual(
    spec('loss')
      .lines(c)
      .map((l) => l.key),
    ['step', 'epoch', 'val'],
  );
  assert.deepEqual(
    spec('gradNorm')
      .lines({ ...c, layers: true })
      .map((l) => l.label),
    ['layer 1', 'layer 2', 'layer 3'],
  );
  assert.deepEqual(spec('metric').lines(c), []);
  assert.equal(spec('updateRatio').defaultLog, true);
});

test('multitask: each/loss and each/weight lead the metrics, and draw one line per target', () => {
  const metrics = { 'price/loss': 0.2, 'churn/loss': 0.4, 'price/weight': 1.2, 'churn/weight': 0.8, 'price/r2': 0.9 };
  const epochs = [epochPoint(1, { metrics }), epochPoint(2, { metrics })];
  assert.deepEqual(metricNames([epochs]).slice(0, 2), ['each/loss', 'each/weight']);
  assert.deepEqual(metricNames([[epochPoint(1, { metrics: { r2: 0.5 } })]]), ['r2']);
  const c: LineContext = {
    ...opts,
    run: runView('r'),
    steps: [],
    epochs,
    stepXs: [],
    epochXs: epochs.map((e) => e.step),
    metric: 'each/loss',
    layers: false,
  };
  const metric = CHART_SPECS.find((s) => s.id === 'metric')!;
  assert.deepEqual(
    metric.lines(c).map((l) => [l.label, l.points.map((p) => p.y)]),
    [
      ['price/loss', [0.2, 0.2]],
      ['churn/loss', [0.4, 0.4]],
    ],
  );
  assert.deepEqual(
    metric.lines({ ...c, metric: 'price/r2' }).map((l) => l.key),
    ['metric'],
  );
});

test('chart specs: a pretrained run draws its pretraining loss apart, left of step 0, and the supervised lines after it', () => {
  const pre = [-3, -2, -1].map((s) => stepPoint(s, { phase: 'pretrain', loss: 4 }));
  const steps = [...pre, ...[0, 1].map((s) => stepPoint(s, { loss: 0.5 }))];
  const c: LineContext = {
    ...opts,
    run: runView('r'),
    steps,
    epochs: [epochPoint(0, { step: 0, phase: 'pretrain', trainLoss: 4, valLoss: null }), epochPoint(1, { step: 2 })],
    stepXs: steps.map((p) => p.step),
    epochXs: [0, 2],
    metric: null,
    layers: false,
  };
  const lines = CHART_SPECS.find((s) => s.id === 'loss')!.lines(c);
  const byKey = Object.fromEntries(lines.map((l) => [l.key, l.points.map((p) => [p.x, p.y])]));
  assert.deepEqual(Object.keys(byKey), ['pretrain', 'pretrainEpoch', 'step', 'epoch', 'val']);
  assert.deepEqual(byKey.pretrain, [
    [-3, 4],
    [-2, 4],
    [-1, 4],
  ]);
  assert.deepEqual(byKey.pretrainEpoch, [[0, 4]]);
  assert.deepEqual(byKey.step, [
    [0, 0.5],
    [1, 0.5],
  ]);
  assert.deepEqual(
    byKey.epoch.map(([x]) => x),
    [2],
  );
});
