import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { parseCsvText } from '../../src/core/csv';
import { type DataOptions, type Dataset, buildDataset } from '../../src/core/dataset';
import type { EpochEvent, RunEvent, StartEvent, StepEvent } from '../../src/core/trainer/events';
import { train } from '../../src/core/trainer/train';
import { planRun } from '../../src/core/trainer/setup';

const close = (a: number, b: number, tol = 1e-12, what = ''): void =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} ${a} vs ${b}`);

/** Rows of a small regression problem: y = 2a − 3b + 1 + noise, in the CSV and as numbers. */
const N = 12;
const rowsA = Array.from({ length: N }, (_, i) => i);
const rowsB = Array.from({ length: N }, (_, i) => (i * 7) % 5);
const rowsY = rowsA.map((a, i) => 2 * a - 3 * rowsB[i] + 1 + 0.5 * Math.sin(i + 1));
const CSV = `a,b,y\n${rowsA.map((a, i) => `${a},${rowsB[i]},${rowsY[i]}`).join('\n')}\n`;

const dataset = (o: DataOptions = {}): Dataset => buildDataset(parseCsvText(CSV, 'x.csv'), { valSplit: 0, ...o });

async function run(raw: Record<string, unknown>, ds: Dataset) {
  const events: RunEvent[] = [];
  const result = await train(planRun(resolveRunConfig(raw, defaultConfig('x.csv')), ds), {
    onEvent: (e) => events.push(e),
  });
  return {
    ...result,
    events,
    start: events.find((e): e is StartEvent => e.type === 'start') as StartEvent,
    steps: events.filter((e): e is StepEvent => e.type === 'step'),
    epochs: events.filter((e): e is EpochEvent => e.type === 'epoch'),
  };
}

/** Gradient of mean((w·x + b − y)²) over `rows` of a dataset, by hand: 2/n Σ r x and 2/n Σ r. */
function mseGradient(
  ds: Dataset,
  rows: ArrayLike<number>,
  w: number[],
  b: number,
): { gw: number[]; gb: number; loss: number } {
  const gw = new Array<number>(ds.d).fill(0);
  let gb = 0;
  let loss = 0;
  for (let t = 0; t < rows.length; t++) {
    const r = rows[t];
    let pred = b;
    for (let j = 0; j < ds.d; j++) pred += w[j] * ds.x[r * ds.d + j];
    const res = pred - ds.y[r];
    loss += res * res;
    for (let j = 0; j < ds.d; j++) gw[j] += (2 * res * ds.x[r * ds.d + j]) / rows.length;
    gb += (2 * res) / rows.length;
  }
  return { gw, gb, loss: loss / rows.length };
}

/** Plain mini-batch SGD on a linear model in training-row order, written out: the reference for the loop. */
function referenceSgd(ds: Dataset, batch: number, lr: number, epochs: number, w0: number[], b0: number) {
  let w = [...w0];
  let b = b0;
  const rows = Array.from(ds.train);
  for (let e = 0; e < epochs; e++) {
    for (let from = 0; from < rows.length; from += batch) {
      const g = mseGradient(ds, rows.slice(from, from + batch), w, b);
      w = w.map((v, j) => v - lr * g.gw[j]);
      b -= lr * g.gb;
    }
  }
  return [...w, b];
}

const W0 = [0.3, -0.2];
const B0 = 0.1;
const initial = [{ weight: [W0], bias: [B0] }];

test('steps per epoch: full batch 1, batch size 1 N, mini-batch ceil(N/B), accumulation ceil(batches/k)', async () => {
  const ds = dataset();
  const cases: [number | 'full', number, number][] = [
    ['full', 1, 1],
    [1, 1, N],
    [5, 1, 3],
    [4, 1, 3],
    [2, 4, 2],
    [100, 1, 1],
  ];
  for (const [batchSize, accumulate, perEpoch] of cases) {
    const r = await run({ optimizer: { name: 'sgd', lr: 0.01 }, training: { epochs: 3, batchSize, accumulate } }, ds);
    const what = `batch ${batchSize} accumulate ${accumulate}`;
    assert.equal(r.start.stepsPerEpoch, perEpoch, what);
    assert.equal(r.start.totalSteps, 3 * perEpoch, what);
    for (let e = 1; e <= 3; e++)
      assert.equal(r.steps.filter((s) => s.epoch === e).length, perEpoch, `${what} epoch ${e}`);
    assert.deepEqual(
      r.steps.map((s) => s.step),
      Array.from({ length: 3 * perEpoch }, (_, i) => i),
      `${what}: 0-based consecutive steps`,
    );
    assert.equal(r.summary.steps, 3 * perEpoch, what);
  }
});

test('full-batch and mini-batch SGD without shuffling match SGD written out by hand', async () => {
  const ds = dataset();
  for (const batchSize of ['full', 4, 5] as const) {
    const r = await run(
      { model: { initial }, optimizer: { name: 'sgd', lr: 0.05 }, training: { epochs: 4, batchSize, shuffle: false } },
      ds,
    );
    const expected = referenceSgd(ds, batchSize === 'full' ? N : batchSize, 0.05, 4, W0, B0);
    const got = Array.from(r.model.params);
    expected.forEach((v, i) => close(got[i], v, 1e-12, `batch ${batchSize} param ${i}`));
  }
});

test('gradient accumulation: batch b × accumulate k equals batch k·b (mean loss, equal micro-batches)', async () => {
  const ds = dataset();
  for (const hidden of [[], [4]]) {
    for (const epochs of [1, 3]) {
      const base = { model: { hidden, activation: 'tanh' }, optimizer: { name: 'sgd', lr: 0.05 } };
      const big = await run({ ...base, training: { epochs, batchSize: 6, shuffle: false } }, ds);
      const acc = await run({ ...base, training: { epochs, batchSize: 2, accumulate: 3, shuffle: false } }, ds);
      assert.equal(acc.steps.length, big.steps.length);
      acc.steps.forEach((s, i) => close(s.loss, big.steps[i].loss, 1e-12, `hidden [${hidden}] step ${i} loss`));
      acc.model.params.forEach((v, i) =>
        close(v, big.model.params[i], 1e-12, `hidden [${hidden}] epochs ${epochs} param ${i}`),
      );
    }
  }
  // And for the linear model, both equal SGD written out with batch 6.
  const acc = await run(
    {
      model: { initial },
      optimizer: { name: 'sgd', lr: 0.05 },
      training: { epochs: 2, batchSize: 3, accumulate: 2, shuffle: false },
    },
    ds,
  );
  referenceSgd(ds, 6, 0.05, 2, W0, B0).forEach((v, i) => close(acc.model.params[i], v, 1e-12, `param ${i}`));
});

test('gradient accumulation with a short last micro-batch or a short last step is still the larger batch', async () => {
  const ds = dataset();
  // 12 rows: batch 5 × 2 steps over {5, 5} and {2} = batch 10; batch 2 × 4 steps over {2, 2, 2, 2} and {2, 2} = batch 8;
  // batch 5 × 3 is one step over {5, 5, 2} = full batch.
  for (const [batchSize, accumulate, equivalent] of [
    [5, 2, 10],
    [2, 4, 8],
    [5, 3, 12],
  ]) {
    const r = await run(
      {
        model: { initial },
        optimizer: { name: 'sgd', lr: 0.05 },
        training: { epochs: 3, batchSize, accumulate, shuffle: false },
      },
      ds,
    );
    const what = `batch ${batchSize} × ${accumulate}`;
    referenceSgd(ds, equivalent, 0.05, 3, W0, B0).forEach((v, i) =>
      close(r.model.params[i], v, 1e-12, `${what} param ${i}`),
    );
    // The first step's loss is the loss of its rows, which the reference gives at the initial weights.
    close(
      r.steps[0].loss,
      mseGradient(ds, Array.from(ds.train).slice(0, equivalent), W0, B0).loss,
      1e-12,
      `${what} loss`,
    );
  }
});

test('determinism: the same seed repeats every loss; another seed or no shuffling differs', async () => {
  const ds = dataset({ valSplit: 0.25 });
  const cfg = (training: Record<string, unknown>) => ({
    model: { hidden: [3] },
    training: { epochs: 3, batchSize: 3, ...training },
  });
  const a = await run(cfg({ seed: 5 }), ds);
  const b = await run(cfg({ seed: 5 }), ds);
  assert.deepEqual(
    a.steps.map((s) => s.loss),
    b.steps.map((s) => s.loss),
  );
  assert.deepEqual(a.summary.history, b.summary.history);
  assert.deepEqual(Array.from(a.model.params), Array.from(b.model.params));
  const other = await run(cfg({ seed: 6 }), ds);
  assert.notDeepEqual(
    other.steps.map((s) => s.loss),
    a.steps.map((s) => s.loss),
  );
  // Same initial weights (explicit), shuffled or not: only the batch order differs.
  const fixed = { model: { initial }, training: { epochs: 2, batchSize: 3, seed: 5 } };
  const shuffled = await run(fixed, ds);
  const inOrder = await run({ ...fixed, training: { ...fixed.training, shuffle: false } }, ds);
  assert.notDeepEqual(
    shuffled.steps.map((s) => s.loss),
    inOrder.steps.map((s) => s.loss),
  );
});

test('without shuffling the first batch is the first B training rows: zero weights give mean(y²) of the standardized target', async () => {
  const ds = dataset({ valSplit: 0.25, standardizeTarget: true });
  assert.ok(
    ds.train.some((r, i) => r !== i),
    'the training rows are not simply the first rows of the file',
  );
  // Standardize the target from the CSV's numbers over the training rows (population std).
  const trainY = Array.from(ds.train, (r) => rowsY[r]);
  const mean = trainY.reduce((s, v) => s + v, 0) / trainY.length;
  const std = Math.sqrt(trainY.reduce((s, v) => s + (v - mean) ** 2, 0) / trainY.length);
  const z = trainY.map((v) => (v - mean) / std);
  const zeros = [{ weight: [[0, 0]], bias: [0] }];
  for (const batch of [1, 4, 5]) {
    const r = await run(
      {
        model: { initial: zeros },
        optimizer: { name: 'sgd', lr: 0.1 },
        training: { epochs: 1, batchSize: batch, shuffle: false },
      },
      ds,
    );
    const expected = z.slice(0, batch).reduce((s, v) => s + v * v, 0) / batch;
    close(r.steps[0].loss, expected, 1e-12, `batch ${batch}`);
  }
});

test('every epoch sees every training row once, shuffled or not (lr 0: the epoch loss is the full-data loss)', async () => {
  const ds = dataset({ valSplit: 0.25, standardizeTarget: false });
  const full = mseGradient(ds, ds.train, W0, B0).loss;
  const val = mseGradient(ds, ds.val, W0, B0).loss;
  for (const shuffle of [true, false]) {
    const r = await run(
      { model: { initial }, optimizer: { name: 'sgd', lr: 0 }, training: { epochs: 3, batchSize: 4, shuffle } },
      ds,
    );
    r.summary.history.trainLoss.forEach((v, e) => close(v, full, 1e-12, `shuffle ${shuffle} epoch ${e + 1}`));
    r.summary.history.valLoss.forEach((v, e) => close(v as number, val, 1e-12, `val epoch ${e + 1}`));
  }
});

test('clipValue: every applied gradient element is within [-c, c]', async () => {
  const ds = dataset({ standardizeTarget: false });
  const zeros = [{ weight: [[0, 0]], bias: [0] }];
  const c = 0.5;
  const r = await run(
    {
      model: { initial: zeros },
      optimizer: { name: 'sgd', lr: 1 },
      training: { epochs: 1, batchSize: 'full', clipValue: c },
    },
    ds,
  );
  // One SGD step at lr 1 from zero: the parameters are minus the clipped gradient.
  const g = mseGradient(ds, ds.train, [0, 0], 0);
  const raw = [...g.gw, g.gb];
  assert.ok(
    raw.some((v) => Math.abs(v) > c),
    'the test needs a gradient element beyond c',
  );
  raw.forEach((v, i) => {
    const applied = -r.model.params[i];
    assert.ok(Math.abs(applied) <= c, `param ${i}: |${applied}| > ${c}`);
    close(applied, Math.min(c, Math.max(-c, v)), 1e-12, `param ${i}`);
  });
  // The reported norm is before clipping.
  close(r.steps[0].gradNorm, Math.hypot(...raw), 1e-12, 'gradNorm');
});

test('L1 and L2 through the trainer: one full-batch SGD step is w − lr (g + l2 w + l1 sign w), biases unpenalized', async () => {
  const ds = dataset({ standardizeTarget: false });
  const w0 = [0.4, 0];
  const b0 = -0.3;
  const lr = 0.01;
  const l1 = 0.3;
  const l2 = 0.7;
  const r = await run(
    {
      model: { initial: [{ weight: [w0], bias: [b0] }] },
      optimizer: { name: 'sgd', lr },
      training: { epochs: 1, batchSize: 'full', l1, l2 },
    },
    ds,
  );
  const g = mseGradient(ds, ds.train, w0, b0);
  // sign(0) = 0, as torch.sign: a zero weight gets no L1 push.
  const gw = w0.map((w, j) => g.gw[j] + l2 * w + l1 * Math.sign(w));
  const expected = [...w0.map((w, j) => w - lr * gw[j]), b0 - lr * g.gb];
  expected.forEach((v, i) => close(r.model.params[i], v, 1e-12, `param ${i}`));
  // The step's loss is the data loss alone; its norm includes the penalties.
  close(r.steps[0].loss, g.loss, 1e-12, 'loss');
  close(r.steps[0].gradNorm, Math.hypot(...gw, g.gb), 1e-12, 'gradNorm');
});

test('events: start fields, per-layer gradient norms, update ratios, 1-based epochs', async () => {
  const ds = dataset({ valSplit: 0.25 });
  const r = await run({ model: { hidden: [5, 3] }, training: { epochs: 4, batchSize: 4 } }, ds);
  const s = r.start;
  assert.equal(r.events[0].type, 'start');
  assert.equal(r.events[r.events.length - 1].type, 'end');
  assert.equal(s.trainRows + s.valRows, N);
  assert.equal(s.trainRows, ds.train.length);
  assert.equal(s.valRows, 3);
  assert.equal(s.features, 2);
  assert.equal(s.layers, 3);
  assert.equal(s.parameters, 2 * 5 + 5 + 5 * 3 + 3 + 3 * 1 + 1);
  assert.equal(s.stepsPerEpoch, Math.ceil(ds.train.length / 4));
  assert.equal(s.totalSteps, s.stepsPerEpoch * s.epochs);
  assert.equal(s.epochs, 4);
  assert.equal(r.steps.length, s.totalSteps);
  for (const st of r.steps) {
    assert.equal(st.layerGradNorms.length, 3);
    close(Math.sqrt(st.layerGradNorms.reduce((t, v) => t + v * v, 0)), st.gradNorm, 1e-12, `step ${st.step} norm`);
    assert.ok(st.updateRatio > 0 && Number.isFinite(st.updateRatio), `step ${st.step} updateRatio ${st.updateRatio}`);
    assert.ok(st.epoch >= 1 && st.epoch <= 4);
  }
  assert.deepEqual(
    r.epochs.map((e) => e.epoch),
    [1, 2, 3, 4],
  );
  assert.equal(r.epochs.length, r.summary.epochs);
  assert.deepEqual(
    r.epochs.map((e) => e.step),
    [1, 2, 3, 4].map((e) => e * s.stepsPerEpoch),
  );
  assert.equal(r.summary.history.trainLoss.length, 4);
  assert.equal(r.summary.status, 'completed');
  assert.deepEqual(r.summary.final?.epoch, 4);
  // The epoch's train loss is the row-weighted mean of its batch losses.
  for (const e of r.epochs) {
    const batches = r.steps.filter((st) => st.epoch === e.epoch);
    const sizes = batches.map((_, i) => Math.min(4, ds.train.length - 4 * i));
    const mean = batches.reduce((t, st, i) => t + st.loss * sizes[i], 0) / ds.train.length;
    close(e.trainLoss, mean, 1e-12, `epoch ${e.epoch} train loss`);
  }
});

test('regression metrics each epoch are in original units, from the model the epoch ended with', async () => {
  const ds = dataset({ valSplit: 0.25, standardizeTarget: true });
  const r = await run({ training: { epochs: 2, batchSize: 4 } }, ds);
  const [wa, wb, b] = r.model.params;
  const pred = Array.from(ds.val, (row) => wa * ds.x[row * 2] + wb * ds.x[row * 2 + 1] + b);
  // Back to original units by the standardization of the CSV's target over the training rows.
  const trainY = Array.from(ds.train, (row) => rowsY[row]);
  const mean = trainY.reduce((s, v) => s + v, 0) / trainY.length;
  const std = Math.sqrt(trainY.reduce((s, v) => s + (v - mean) ** 2, 0) / trainY.length);
  const errors = pred.map((p, i) => p * std + mean - rowsY[ds.val[i]]);
  const m = r.summary.final?.metrics ?? {};
  close(m.mse, errors.reduce((s, e) => s + e * e, 0) / errors.length, 1e-9, 'mse');
  close(m.mae, errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length, 1e-9, 'mae');
  // The validation loss is in training (standardized) units.
  close(
    r.summary.final?.valLoss as number,
    errors.reduce((s, e) => s + (e / std) ** 2, 0) / errors.length,
    1e-9,
    'val loss',
  );
});

test('clipNorm: one SGD step at lr 1 from zero moves by −g · c / (‖g‖ + 1e-6), as clip_grad_norm_', async () => {
  const ds = dataset({ standardizeTarget: false });
  const zeros = [{ weight: [[0, 0]], bias: [0] }];
  const g = mseGradient(ds, ds.train, [0, 0], 0);
  const raw = [...g.gw, g.gb];
  const norm = Math.hypot(...raw);
  const c = norm / 4;
  const r = await run(
    {
      model: { initial: zeros },
      optimizer: { name: 'sgd', lr: 1 },
      training: { epochs: 1, batchSize: 'full', clipNorm: c },
    },
    ds,
  );
  raw.forEach((v, i) => close(r.model.params[i], (-v * c) / (norm + 1e-6), 1e-12, `param ${i}`));
  close(r.steps[0].gradNorm, norm, 1e-12, 'norm before clipping');
});

test('divergence by an update that overflows the weights keeps the weights before it', async () => {
  const ds = dataset({ standardizeTarget: false });
  const r = await run(
    { model: { initial }, optimizer: { name: 'sgd', lr: 1e308 }, training: { epochs: 3, batchSize: 'full' } },
    ds,
  );
  assert.equal(r.summary.status, 'diverged');
  assert.equal(r.summary.divergedAtStep, 0);
  assert.match(r.summary.message ?? '', /non-finite at step 0 /);
  assert.deepEqual(Array.from(r.model.params), [...W0, B0]);
  assert.equal(r.steps.length, 0);
  assert.equal(r.summary.final, null);
  assert.equal(r.summary.epochs, 0);
});

test('without a validation split the epoch reports no val loss and its metrics are on the training rows', async () => {
  const ds = dataset({ valSplit: 0, standardizeTarget: false });
  const r = await run({ model: { initial }, optimizer: { name: 'sgd', lr: 0 }, training: { epochs: 2 } }, ds);
  assert.equal(r.start.valRows, 0);
  assert.deepEqual(r.summary.history.valLoss, [null, null]);
  const g = mseGradient(ds, ds.train, W0, B0);
  close(r.summary.final?.metrics.mse as number, g.loss, 1e-12, 'mse on the training rows');
  assert.equal(r.summary.best?.monitor, 'train_loss');
});

test('validation sets larger than one evaluation chunk (4096 rows) are scored whole', async () => {
  const n = 9000;
  const text = `a,b,y\n${Array.from({ length: n }, (_, i) => `${i % 97},${(i * 13) % 31},${Math.sin(i) * 10 + (i % 7)}`).join('\n')}\n`;
  const ds = buildDataset(parseCsvText(text, 'big.csv'), { valSplit: 0.9, standardizeTarget: false });
  assert.ok(ds.val.length > 4096);
  const r = await run(
    { model: { initial }, optimizer: { name: 'sgd', lr: 0 }, training: { epochs: 1, batchSize: 'full' } },
    ds,
  );
  const g = mseGradient(ds, ds.val, W0, B0);
  close(r.summary.final?.valLoss as number, g.loss, 1e-12, 'val loss');
  close(r.summary.final?.metrics.mse as number, g.loss, 1e-12, 'val mse');
});
