/**
 * `training.threads` 2: a batch's rows split across two threads. The reference is the same model, batch
 * and run on one thread. Each row's forward pass is the same arithmetic on either thread, so outputs and
 * the loss's value are compared bit for bit; the weights' gradient is summed over the rows in another order
 * (each thread's rows, then the two sums), so it is compared within SPLIT_TOLERANCE of the largest gradient
 * entry, and the losses of later steps (whose weights carry that rounding) within the same relative bound.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { parseCsvText } from '../../src/core/csv';
import { type Dataset, buildDataset } from '../../src/core/dataset';
import { Mlp } from '../../src/core/model/mlp';
import { MIN_SPLIT_ROWS, RowSplit } from '../../src/core/model/rowSplit';
import { Rng } from '../../src/core/rng';
import type { StepEvent } from '../../src/core/trainer/events';
import { buildEngine, planRun } from '../../src/core/trainer/setup';
import { splitPasses } from '../../src/core/trainer/threads';
import { train } from '../../src/core/trainer/train';
import { startSplitThread } from '../../src/runs/splitThread';
import { throwsLossLab } from './assertions';
import { fixturePath } from './fixtures';

/**
 * The bound stated in the README: |g₂ − g₁| ≤ 1e-12 · max|g₁| over each layer's weight (and bias) gradient,
 * and the same relative bound on each step's loss. Summing n terms in two orders differs by at most about
 * n·ε·Σ|terms| (ε = 2⁻⁵³); the differences measured here are at most 2.3e-15 of a layer's largest entry and
 * 4.3e-16 of a step's loss.
 */
const SPLIT_TOLERANCE = 1e-12;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const maxAbs = (a: ArrayLike<number>) => maxAbsDiff(a, new Float64Array(a.length));

/** Each layer's weight and bias gradients, each within the tolerance of its own largest entry. */
function assertGradientsClose(two: Mlp, one: Mlp, what: string): void {
  one.layers.forEach((layer, l) => {
    const parts = {
      weight: [two.layers[l].gradWeight, layer.gradWeight],
      bias: [two.layers[l].gradBias, layer.gradBias],
    };
    for (const [name, [g2, g1]] of Object.entries(parts)) {
      const diff = maxAbsDiff(g2, g1);
      assert.ok(
        diff <= SPLIT_TOLERANCE * maxAbs(g1),
        `${what}, layer ${l} ${name}: max |Δg| ${diff}, max |g| ${maxAbs(g1)}`,
      );
    }
  });
}

function randomArray(n: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: n }, () => rng.normal());
}

for (const activation of ['relu', 'tanh']) {
  test(`a ${activation} MLP's passes split across two threads: the same outputs, the gradient within ${SPLIT_TOLERANCE}`, () => {
    const sizes = [7, 24, 16, 3];
    const one = new Mlp(sizes, activation);
    one.init('torch_default', 5);
    const other = new Mlp(sizes, activation);
    other.params.set(one.params);
    const split = new RowSplit(other, 2048, startSplitThread);
    try {
      const rng = new Rng(11);
      for (const rows of [1001, 1024, MIN_SPLIT_ROWS - 1]) {
        const x = randomArray(rows * 7, rng);
        const gradOut = randomArray(rows * 3, rng);
        const expected = Float64Array.from(one.forward(x, rows, true));
        assert.deepEqual(split.forward(x, rows, true), expected, `${rows} rows: outputs`);
        one.grads.fill(0);
        other.grads.fill(0);
        one.backward(gradOut, rows);
        split.backward(gradOut, rows);
        if (rows < MIN_SPLIT_ROWS) assert.deepEqual(other.grads, one.grads, `${rows} rows stay on one thread`);
        else assertGradientsClose(other, one, `${rows} rows`);
        // The same split and order every time: the same bits again.
        const first = Float64Array.from(other.grads);
        other.grads.fill(0);
        split.forward(x, rows, true);
        split.backward(gradOut, rows);
        assert.deepEqual(other.grads, first, `${rows} rows: again`);
        // Evaluation passes are split too, with the same outputs.
        assert.deepEqual(split.forward(x, rows), Float64Array.from(one.forward(x, rows)), `${rows} rows: evaluation`);
      }
    } finally {
      split.stop();
    }
  });
}

/** A regression CSV of 3,000 rows and 6 features, a noisy nonlinear target. */
function regressionData(): Dataset {
  const rng = new Rng(7);
  const lines = ['a,b,c,d,e,f,y'];
  for (let i = 0; i < 3000; i++) {
    const v = Array.from({ length: 6 }, () => rng.normal());
    const y = Math.sin(v[0]) + v[1] * v[2] - 0.5 * v[3] + 0.1 * rng.normal();
    lines.push([...v, y].map((n) => n.toFixed(6)).join(','));
  }
  return buildDataset(parseCsvText(lines.join('\n'), 'r.csv'), { valSplit: 0.2 });
}

const config = (training: Record<string, unknown>, more: Record<string, unknown> = {}) =>
  resolveRunConfig(
    { model: { hidden: [32, 16] }, optimizer: { name: 'adam', lr: 0.01 }, training, ...more },
    defaultConfig('r.csv'),
  );

test('one step of a split engine: the same loss, the gradient within the tolerance', () => {
  const data = regressionData();
  const plan = planRun(config({ batchSize: 1024, threads: 2 }), data);
  const single = buildEngine(plan);
  const engine = buildEngine(plan);
  const split = splitPasses(engine, plan.config, 1024, startSplitThread)!;
  try {
    const rows = Array.from(data.train).slice(0, 1024);
    const x = Float64Array.from(rows.flatMap((r) => Array.from(data.x.subarray(r * data.d, (r + 1) * data.d))));
    const y = Float64Array.from(rows.map((r) => data.y[r]));
    assert.equal(engine.accumulate(x, y, 1024, 1), single.accumulate(x, y, 1024, 1));
    assertGradientsClose(engine.model, single.model, 'one step');
    assert.ok(maxAbs(single.model.grads) > 1e-3, 'a gradient to compare');
  } finally {
    split.stop();
  }
});

/** Each step's loss of a run, on one thread or two. */
async function stepLosses(cfg: ReturnType<typeof config>, data: Dataset) {
  const losses: number[] = [];
  const { summary } = await train(planRun(cfg, data), {
    onEvent: (e) => void (e.type === 'step' && losses.push((e as StepEvent).loss)),
    startSplitThread,
  });
  return { losses, summary };
}

const runs: [string, Record<string, unknown>, Record<string, unknown>, string?][] = [
  ['mse, batch 512, 3 epochs', { batchSize: 512, epochs: 3, seed: 4 }, {}],
  ['huber, batch 1000 accumulated twice', { batchSize: 1000, accumulate: 2, epochs: 3, seed: 1 }, { loss: 'huber' }],
  [
    'cross-entropy on digits, batch 300',
    { batchSize: 300, epochs: 2, seed: 2 },
    { loss: 'cross_entropy', model: { hidden: [32] } },
    'digits.csv',
  ],
];

for (const [what, training, more, file] of runs)
  test(`a run on two threads (${what}): each step's loss within the tolerance of one thread's, the first the same`, async () => {
    const data = file
      ? buildDataset(parseCsvText(readFileSync(fixturePath(file, 'test/data'), 'utf8'), file), {})
      : regressionData();
    const one = await stepLosses(config(training, more), data);
    const two = await stepLosses(config({ ...training, threads: 2 }, more), data);
    assert.equal(two.summary.status, 'completed');
    assert.ok(one.losses.length >= 6, `${one.losses.length} steps`);
    assert.equal(two.losses.length, one.losses.length);
    assert.equal(two.losses[0], one.losses[0]);
    two.losses.forEach((l, i) =>
      assert.ok(
        Math.abs(l - one.losses[i]) <= SPLIT_TOLERANCE * Math.abs(one.losses[i]),
        `step ${i}: ${l} vs ${one.losses[i]}`,
      ),
    );
    const [val1, val2] = [one.summary.final!.valLoss!, two.summary.final!.valLoss!];
    assert.ok(Math.abs(val2 - val1) <= SPLIT_TOLERANCE * val1, `validation loss ${val2} vs ${val1}`);
  });

test('training.threads: what cannot be split is refused, naming the setting', () => {
  const data = regressionData();
  const refused = (more: Record<string, unknown>, message: RegExp) =>
    throwsLossLab(() => planRun(config({ threads: 2 }, more), data), message, 'training.threads');
  refused(
    { model: { hidden: [8], batchNorm: true } },
    /batch norm's statistics span the whole batch: .*model.batchNorm/,
  );
  refused({ model: { hidden: [8], dropout: 0.2 } }, /dropout's masks .*model.dropout/);
  throwsLossLab(() => config({ threads: 3 }), /training.threads must be in \[1, 2\], got 3/, 'training.threads');
  throwsLossLab(() => config({ threads: 1.5 }), /training.threads must be an integer/, 'training.threads');
});

test('training.threads: a split needs a host that starts the second thread', () => {
  const plan = planRun(config({ threads: 2 }), regressionData());
  assert.throws(() => splitPasses(buildEngine(plan), plan.config, 512, undefined), /needs a host that starts threads/);
});
