import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { parseCsvText } from '../../src/core/csv';
import { type DataOptions, type Dataset, buildDataset } from '../../src/core/dataset';
import type { Mlp } from '../../src/core/model/mlp';
import { RunControl } from '../../src/core/trainer/control';
import type { EpochEvent, RunEvent, StepEvent } from '../../src/core/trainer/events';
import { train } from '../../src/core/trainer/train';
import { planRun } from '../../src/core/trainer/setup';
import { throwsLossLab } from './assertions';

const close = (a: number, b: number, tol = 1e-12, what = ''): void =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} ${a} vs ${b}`);

/** A deterministic pseudo-random sequence in [-1, 1) (an LCG), so the CSVs are fixed text. */
function noise(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 1073741824 - 1;
}

/** `n` rows of `features` noisy columns and a target `y = f(row)`. */
function csv(n: number, features: number, target: (x: number[], r: () => number) => number, seed = 1): string {
  const r = noise(seed);
  const header = [...Array.from({ length: features }, (_, j) => `x${j}`), 'y'].join(',');
  const lines = Array.from({ length: n }, () => {
    const x = Array.from({ length: features }, () => r());
    return [...x, target(x, r)].join(',');
  });
  return `${header}\n${lines.join('\n')}\n`;
}

const data = (text: string, o: DataOptions = {}): Dataset => buildDataset(parseCsvText(text, 'x.csv'), o);

const SMALL = csv(40, 2, (x, r) => 3 * x[0] - x[1] + 0.1 * r());

async function run(raw: Record<string, unknown>, ds: Dataset, control?: RunControl, hook?: (e: RunEvent) => void) {
  const events: RunEvent[] = [];
  const onEvent = (e: RunEvent) => {
    events.push(e);
    hook?.(e);
  };
  const result = await train(planRun(resolveRunConfig(raw, defaultConfig('x.csv')), ds), { onEvent, control });
  return {
    ...result,
    events,
    steps: events.filter((e): e is StepEvent => e.type === 'step'),
    epochs: events.filter((e): e is EpochEvent => e.type === 'epoch'),
  };
}

test('cancel from the event listener after the third step ends the run as cancelled', async () => {
  const ds = data(SMALL);
  const control = new RunControl();
  const r = await run({ training: { epochs: 20, batchSize: 4 } }, ds, control, (e) => {
    if (e.type === 'step' && e.step === 2) control.cancel();
  });
  assert.equal(r.summary.status, 'cancelled');
  assert.equal(r.steps.length, 3);
  assert.equal(r.summary.steps, 3);
  assert.match(r.summary.message ?? '', /cancelled at step 3/);
  assert.equal(r.events[r.events.length - 1].type, 'end');
  assert.equal(r.epochs.length, 0, 'no epoch finished');
  assert.equal(r.summary.final, null);
});

test('cancel while paused ends the run', async () => {
  const ds = data(SMALL);
  const control = new RunControl();
  const r = await run({ training: { epochs: 20, batchSize: 4 } }, ds, control, (e) => {
    if (e.type === 'step' && e.step === 1) {
      control.pause();
      setTimeout(() => control.cancel(), 20);
    }
  });
  assert.equal(r.summary.status, 'cancelled');
  assert.equal(r.steps.length, 2);
});

test('pause from the event listener holds the run until resumed; the losses are those of an unpaused run', async () => {
  const ds = data(SMALL);
  const cfg = { training: { epochs: 3, batchSize: 4, seed: 3 } };
  const plain = await run(cfg, ds);
  const control = new RunControl();
  let resumed = false;
  const seenBeforeResume: number[] = [];
  const r = await run(cfg, ds, control, (e) => {
    if (e.type !== 'step') return;
    if (e.step === 2) {
      control.pause();
      setTimeout(() => {
        resumed = true;
        control.resume();
      }, 50);
    } else if (e.step > 2 && !resumed) seenBeforeResume.push(e.step);
  });
  assert.deepEqual(seenBeforeResume, [], 'steps ran while paused');
  assert.equal(r.summary.status, 'completed');
  assert.equal(control.paused, false);
  assert.deepEqual(
    r.steps.map((s) => s.loss),
    plain.steps.map((s) => s.loss),
  );
  assert.deepEqual(r.summary.history, plain.summary.history);
});

test('divergence: SGD at lr 1e6 on a raw target stops with a message naming the step; the weights stay finite', async () => {
  const ds = data(
    csv(40, 2, (x) => 1000 * x[0] + 500 * x[1] + 2000),
    { standardizeTarget: false },
  );
  const r = await run(
    { optimizer: { name: 'sgd', lr: 1e6 }, data: { standardizeTarget: false }, training: { epochs: 50, batchSize: 8 } },
    ds,
  );
  const s = r.summary;
  assert.equal(s.status, 'diverged');
  assert.ok(s.divergedAtStep !== null && s.divergedAtStep > 0, `divergedAtStep ${s.divergedAtStep}`);
  assert.match(s.message ?? '', new RegExp(`at step ${s.divergedAtStep}\\b`));
  assert.match(s.message ?? '', /lower learning rate/);
  assert.equal(s.steps, s.divergedAtStep);
  assert.equal(r.steps.length, s.divergedAtStep, 'one step event per finite step');
  for (const st of r.steps) assert.ok(Number.isFinite(st.loss) && Number.isFinite(st.gradNorm), `step ${st.step}`);
  assert.ok(
    r.model.params.every((v) => Number.isFinite(v)),
    'parameters finite',
  );
  assert.equal(r.events[r.events.length - 1].type, 'end');
});

/** Forward pass of a one-hidden-layer tanh network from PyTorch-layout parameters, written out. */
function forwardTanh(model: Mlp, x: ArrayLike<number>): number {
  const [hidden, out] = model.getParams();
  const h = hidden.weight.map((row, o) => Math.tanh(row.reduce((s, w, i) => s + w * x[i], hidden.bias[o])));
  return out.weight[0].reduce((s, w, i) => s + w * h[i], out.bias[0]);
}

function valMse(model: Mlp, ds: Dataset): number {
  let sum = 0;
  for (const row of ds.val) {
    const e = forwardTanh(model, ds.x.subarray(row * ds.d, (row + 1) * ds.d)) - ds.y[row];
    sum += e * e;
  }
  return sum / ds.val.length;
}

// Few noisy rows and a wide network: the validation loss turns up once it fits the noise.
const OVERFIT = csv(40, 6, (x, r) => x[0] + 0.3 * r(), 11);

test('early stopping with restoreBest: the returned model has the best epoch’s validation loss', async () => {
  const ds = data(OVERFIT, { valSplit: 0.3 });
  const patience = 5;
  const r = await run(
    {
      model: { hidden: [32], activation: 'tanh' },
      optimizer: { name: 'adam', lr: 0.01 },
      training: { epochs: 400, batchSize: 'full', earlyStopping: { patience, restoreBest: true } },
    },
    ds,
  );
  const s = r.summary;
  assert.equal(s.status, 'early_stopped', s.message ?? '');
  const best = s.best!;
  const vals = s.history.valLoss as number[];
  // The best epoch is the first minimum so far, and the run stopped `patience` epochs after it.
  const argmin = vals.indexOf(Math.min(...vals)) + 1;
  assert.equal(best.epoch, argmin);
  assert.equal(s.epochs, best.epoch + patience);
  assert.ok(best.epoch > 1, 'the validation loss improved for a while first');
  assert.equal(best.monitor, 'val_loss');
  close(valMse(r.model, ds), best.valLoss as number, 1e-12, 'restored model val loss');
  assert.equal(s.final?.epoch, best.epoch);
  assert.match(s.message ?? '', new RegExp(`best at epoch ${best.epoch}`));
});

test('early stopping without restoreBest keeps the last weights', async () => {
  const ds = data(OVERFIT, { valSplit: 0.3 });
  const r = await run(
    {
      model: { hidden: [32], activation: 'tanh' },
      optimizer: { name: 'adam', lr: 0.01 },
      training: { epochs: 400, batchSize: 'full', earlyStopping: { patience: 5, restoreBest: false } },
    },
    ds,
  );
  assert.equal(r.summary.status, 'early_stopped');
  const last = r.summary.history.valLoss[r.summary.epochs - 1] as number;
  close(valMse(r.model, ds), last, 1e-12, 'last val loss');
  assert.ok(last > (r.summary.best?.valLoss as number));
  assert.equal(r.summary.final?.epoch, r.summary.epochs);
});

test('early stopping on a higher-is-better metric (r2) with minDelta', async () => {
  const ds = data(OVERFIT, { valSplit: 0.3 });
  const minDelta = 0.01;
  const r = await run(
    {
      model: { hidden: [32], activation: 'tanh' },
      optimizer: { name: 'adam', lr: 0.01 },
      training: { epochs: 400, batchSize: 'full', earlyStopping: { patience: 3, monitor: 'r2', minDelta } },
    },
    ds,
  );
  assert.equal(r.summary.status, 'early_stopped');
  // Replay the rule on the r2 values the epochs reported: improvement means more than best + minDelta.
  const r2 = r.epochs.map((e) => e.metrics.r2);
  let best = 0;
  let since = 0;
  let stop = -1;
  for (let e = 1; e < r2.length && stop < 0; e++) {
    if (r2[e] > r2[best] + minDelta) {
      best = e;
      since = 0;
    } else if (++since >= 3) stop = e;
  }
  assert.equal(r.summary.epochs, stop + 1);
  assert.equal(r.summary.best?.epoch, best + 1);
  assert.equal(r.summary.best?.value, r2[best]);
});

/** torch.optim.lr_scheduler.ReduceLROnPlateau (mode min, rel threshold, no cooldown), written out. */
function plateauRates(values: number[], lr: number, factor: number, patience: number, threshold = 1e-4): number[] {
  let best = Infinity;
  let bad = 0;
  return values.map((v) => {
    if (v < best * (1 - threshold)) {
      best = v;
      bad = 0;
    } else bad++;
    if (bad > patience) {
      if (lr - lr * factor > 1e-8) lr *= factor;
      bad = 0;
    }
    return lr;
  });
}

test('reduce_on_plateau: the rate halves after patience epochs without improvement of the validation loss', async () => {
  // A target unrelated to the features: the validation loss soon stops improving.
  const ds = data(
    csv(60, 3, (_x, r) => r(), 5),
    { valSplit: 0.3 },
  );
  const lr = 0.05;
  const r = await run(
    {
      optimizer: { name: 'sgd', lr },
      schedule: { name: 'reduce_on_plateau', factor: 0.5, patience: 1 },
      training: { epochs: 30, batchSize: 8 },
    },
    ds,
  );
  const rates = r.epochs.map((e) => e.lr);
  const expected = plateauRates(r.summary.history.valLoss as number[], lr, 0.5, 1);
  rates.forEach((v, i) => close(v, expected[i], 1e-15, `epoch ${i + 1}`));
  assert.ok(rates[rates.length - 1] < lr, 'the rate dropped at least once');
  for (let i = 1; i < rates.length; i++)
    assert.ok(rates[i] === rates[i - 1] || rates[i] === rates[i - 1] * 0.5, `epoch ${i + 1}`);
  // Steps of each epoch run at the rate the previous epoch ended with.
  for (const st of r.steps) close(st.lr, st.epoch === 1 ? lr : rates[st.epoch - 2], 1e-15, `step ${st.step}`);
});

/** forwardTanh with a batch norm between the hidden Linear layer and tanh, in eval mode (running statistics). */
function forwardTanhBn(model: Mlp, x: ArrayLike<number>, eps: number): number {
  const [hidden, out] = model.getParams();
  const bn = hidden.bn!;
  const h = hidden.weight.map((row, o) => {
    const z = row.reduce((s, w, i) => s + w * x[i], hidden.bias[o]);
    return Math.tanh(bn.weight[o] * ((z - bn.running_mean[o]) / Math.sqrt(bn.running_var[o] + eps)) + bn.bias[o]);
  });
  return out.weight[0].reduce((s, w, i) => s + w * h[i], out.bias[0]);
}

test('early stopping with restoreBest and batch norm: the best epoch’s running statistics come back with its weights', async () => {
  const ds = data(OVERFIT, { valSplit: 0.3 });
  const r = await run(
    {
      model: { hidden: [32], activation: 'tanh', batchNorm: true, bnEps: 1e-3 },
      optimizer: { name: 'adam', lr: 0.01 },
      training: { epochs: 400, batchSize: 7, earlyStopping: { patience: 5, restoreBest: true } },
    },
    ds,
  );
  const s = r.summary;
  assert.equal(s.status, 'early_stopped', s.message ?? '');
  assert.ok(s.best!.epoch < s.epochs);
  let sum = 0;
  for (const row of ds.val)
    sum += (forwardTanhBn(r.model, ds.x.subarray(row * ds.d, (row + 1) * ds.d), 1e-3) - ds.y[row]) ** 2;
  close(sum / ds.val.length, s.best!.valLoss as number, 1e-12, 'restored model val loss');
});

test('dropout: the same seed gives the same run, another seed other masks; evaluation drops nothing', async () => {
  const ds = data(SMALL);
  const raw = (seed: number) => ({
    model: { hidden: [8], activation: 'tanh', dropout: 0.5 },
    training: { epochs: 3, batchSize: 8, seed },
  });
  const [a, b] = [await run(raw(1), ds), await run(raw(1), ds)];
  assert.deepEqual(a.summary.history, b.summary.history);
  // Another seed also changes the split and initial weights; the masks alone: reseed the dropout generator.
  const c = await run({ ...raw(1), model: { hidden: [8], activation: 'tanh', dropout: 0.25 } }, ds);
  assert.notDeepEqual(c.summary.history.trainLoss, a.summary.history.trainLoss);
  let sum = 0;
  for (const row of ds.val) sum += (forwardTanh(a.model, ds.x.subarray(row * ds.d, (row + 1) * ds.d)) - ds.y[row]) ** 2;
  close(sum / ds.val.length, a.summary.final!.valLoss as number, 1e-12, 'val loss without dropout');
});

test('batch norm and dropout need hidden layers; batch norm two rows in every training batch, and no pair or triplet loss', () => {
  const ds = data(SMALL, { valSplit: 0.2 });
  const plan = (raw: Record<string, unknown>) => () => planRun(resolveRunConfig(raw, defaultConfig('x.csv')), ds);
  throwsLossLab(
    plan({ model: { batchNorm: true } }),
    'model.batchNorm acts on hidden layers, and the model has none: add some (model.hidden, --hidden)',
    'model.batchNorm',
  );
  throwsLossLab(plan({ model: { dropout: 0.1 } }), /^model\.dropout acts on hidden layers/, 'model.dropout');
  throwsLossLab(
    plan({ model: { hidden: [4], batchNorm: true }, training: { batchSize: 1 } }),
    'model.batchNorm (--batch-norm) needs at least 2 rows per batch: use a larger training.batchSize (--batch-size)',
    'training.batchSize',
  );
  // 32 training rows in batches of 31: the second batch has one row.
  throwsLossLab(
    plan({ model: { hidden: [4], batchNorm: true }, training: { batchSize: 31 } }),
    "model.batchNorm (--batch-norm) needs at least 2 rows per batch, and 32 training rows in batches of 31 leave 1 row in each epoch's last batch: use another training.batchSize (--batch-size), e.g. full",
    'training.batchSize',
  );
  const pairs = data(
    csv(40, 2, (x) => (x[0] > 0 ? 1 : 0)),
    { task: 'embedding' },
  );
  throwsLossLab(
    () =>
      planRun(
        resolveRunConfig({ model: { hidden: [4], batchNorm: true }, loss: 'contrastive' }, defaultConfig('x.csv')),
        pairs,
      ),
    /^model\.batchNorm does not go with the contrastive loss/,
    'model.batchNorm',
  );
  assert.equal(plan({ model: { hidden: [4], batchNorm: true }, training: { batchSize: 30 } })().length.batch, 30);
  throwsLossLab(
    () => resolveRunConfig({ model: { dropout: 1 } }, defaultConfig('x.csv')),
    'model.dropout must be in [0, 1), got 1',
  );
  throwsLossLab(
    () => resolveRunConfig({ model: { bnEps: 0 } }, defaultConfig('x.csv')),
    'model.bnEps must be in (0, inf), got 0',
  );
  throwsLossLab(
    () => resolveRunConfig({ model: { bnMomentum: 1.5 } }, defaultConfig('x.csv')),
    'model.bnMomentum must be in [0, 1], got 1.5',
  );
  throwsLossLab(
    () =>
      resolveRunConfig(
        { model: { initial: [{ weight: [[1]], bias: [0], bn: { weight: [1], bias: [0] } }] } },
        defaultConfig('x.csv'),
      ),
    'model.initial[0].bn.running_mean is required: a batch norm needs weight, bias, running_mean and running_var',
  );
});
