/**
 * L-BFGS in the trainer: one outer step an epoch on every training row, the L1/L2 penalties inside the
 * closure, the schedule's rate per outer step, and step events with the first evaluation's loss and
 * gradient norm and the number of evaluations. The reference is an L-BFGS stepped here with a closure
 * written out by hand (mean squared error of a linear model and its gradient); the optimizer itself is
 * checked against torch.optim.LBFGS by the train fixtures (test/fidelity).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { parseCsvText } from '../../src/core/csv';
import { type Dataset, buildDataset } from '../../src/core/dataset';
import { createClosureOptimizer } from '../../src/core/optimizers';
import type { StepEvent } from '../../src/core/trainer/events';
import { initialModel, planRun } from '../../src/core/trainer/setup';
import { train } from '../../src/core/trainer/train';
import { close, throwsLossLab } from './assertions';

const N = 15;
const CSV = `a,b,y\n${Array.from({ length: N }, (_, i) => {
  const a = Math.sin(i);
  const b = Math.cos(2 * i);
  return `${a},${b},${1.5 * a - 2 * b + 0.3 + 0.1 * Math.sin(5 * i)}`;
}).join('\n')}\n`;
const data = (): Dataset => buildDataset(parseCsvText(CSV, 'x.csv'), { valSplit: 0 });

const LBFGS = { name: 'lbfgs', lr: 0.8, max_iter: 4, history_size: 3 };
const config = (training: Record<string, unknown>, optimizer: Record<string, unknown> = LBFGS) =>
  resolveRunConfig(
    { loss: 'mse', optimizer, schedule: { name: 'step', step_size: 2, gamma: 0.5 }, training },
    defaultConfig('x.csv'),
  );

/** The same run by hand: a linear model's MSE plus ½·l2·Σw² on the weights, one outer step per epoch. */
function reference(ds: Dataset, w0: number[], b0: number, l2: number, epochs: number) {
  const p = Float64Array.from([...w0, b0]);
  const g = new Float64Array(p.length);
  const d = ds.d;
  const first: { loss: number; norm: number }[] = [];
  let calls = 0;
  const closure = () => {
    g.fill(0);
    let loss = 0;
    for (let r = 0; r < N; r++) {
      let res = p[d] - ds.y[r];
      for (let j = 0; j < d; j++) res += p[j] * ds.x[r * d + j];
      loss += (res * res) / N;
      for (let j = 0; j < d; j++) g[j] += (2 * res * ds.x[r * d + j]) / N;
      g[d] += (2 * res) / N;
    }
    let squares = 0;
    for (let j = 0; j < d; j++) {
      g[j] += l2 * p[j];
      squares += p[j] * p[j];
    }
    if (calls++ === 0) first.push({ loss, norm: Math.hypot(...g) });
    return loss + 0.5 * l2 * squares;
  };
  const { name: _name, ...settings } = LBFGS;
  const { optimizer } = createClosureOptimizer('lbfgs', p.length, settings);
  const evals: number[] = [];
  for (let e = 0; e < epochs; e++) {
    calls = 0;
    evals.push(optimizer.step(p, g, 0.8 * 0.5 ** Math.floor(e / 2), closure));
  }
  return { p, first, evals };
}

test('lbfgs makes one outer step an epoch on every row, with the penalty in the closure and the schedule per step', async () => {
  const ds = data();
  const cfg = config({ epochs: 5, batchSize: 'full', shuffle: true, l2: 0.05, seed: 3 });
  const steps: StepEvent[] = [];
  const { model, summary } = await train(planRun(cfg, ds), {
    onEvent: (e) => void (e.type === 'step' && steps.push(e)),
  });
  assert.equal(summary.status, 'completed');
  assert.equal(summary.steps, 5);
  const [layer] = model.getParams();
  const [start] = initialModel(planRun(cfg, ds)).getParams();
  const ref = reference(ds, start.weight[0], start.bias[0], 0.05, 5);
  assert.deepEqual(
    steps.map((s) => s.evals),
    ref.evals,
  );
  steps.forEach((s, t) => {
    assert.equal(s.step, t);
    assert.equal(s.epoch, t + 1);
    assert.equal(s.lr, 0.8 * 0.5 ** Math.floor(t / 2));
    close(s.loss, ref.first[t].loss, 1e-10);
    close(s.gradNorm, ref.first[t].norm, 1e-10);
  });
  // The epoch's train loss is its step's loss.
  summary.history.trainLoss.forEach((l, t) => close(l, steps[t].loss, 1e-12));
  [...layer.weight[0], ...layer.bias].forEach((v, i) => close(v, ref.p[i], 1e-9));
});

test('lbfgs refuses mini-batches, accumulation and clipping, naming the field and what to set', () => {
  const ds = data();
  throwsLossLab(
    () => planRun(config({ batchSize: 4 }), ds),
    'lbfgs trains full batch: set training.batchSize to "full"',
    'training.batchSize',
  );
  throwsLossLab(
    () => planRun(config({ batchSize: 'full', accumulate: 2 }), ds),
    'lbfgs trains full batch, so there is nothing to accumulate: remove training.accumulate',
    'training.accumulate',
  );
  throwsLossLab(
    () => planRun(config({ batchSize: 'full', clipValue: 1 }), ds),
    'lbfgs needs the true gradient for its line search and curvature: remove training.clipValue',
    'training.clipValue',
  );
  // The same settings are fine for the others.
  assert.doesNotThrow(() => planRun(config({ batchSize: 4, clipValue: 1 }, { name: 'adam' }), ds));
});

test('a diverging lbfgs run keeps its last finite weights and suggests the line search, not clipping', async () => {
  const cfg = config({ epochs: 20, batchSize: 'full' }, { name: 'lbfgs', lr: 1e12, max_iter: 3 });
  const { summary } = await train(planRun(cfg, data()));
  assert.equal(summary.status, 'diverged');
  assert.match(
    summary.message ?? '',
    /Try a lower learning rate \(it was .*\), its line search \(line_search_fn strong_wolfe\)/,
  );
});
