import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { parseCsvText } from '../../src/core/csv';
import { buildDataset, type Dataset } from '../../src/core/dataset';
import { labeledRows } from '../../src/core/dataset/labelFraction';
import { LossLabError } from '../../src/core/errors';
import { Mlp } from '../../src/core/model/mlp';
import { createOptimizer } from '../../src/core/optimizers';
import { Rng } from '../../src/core/rng';
import { corruptInto } from '../../src/core/trainer/corruption';
import type { EpochEvent, RunEvent, StepEvent } from '../../src/core/trainer/events';
import { encoderSize, infoNceObjective } from '../../src/core/trainer/pretrain';
import { initialModel, planRun } from '../../src/core/trainer/setup';
import { StepEngine } from '../../src/core/trainer/step';
import { train } from '../../src/core/trainer/train';
import { fixturePath } from './fixtures';
import { disagreements, numericGradient } from './gradcheck';

const csv = (file: string): Dataset =>
  buildDataset(parseCsvText(readFileSync(fixturePath(file, 'test/data'), 'utf8'), file));

/** The pretraining objective (NT-Xent of the projections of two views) through a network with batch norm. */
for (const batchNorm of [false, true])
  test(`pretraining objective: its gradient through the encoder${batchNorm ? ' and batch norm' : ''} matches finite differences`, () => {
    const [n, d, h] = [5, 4, 6];
    const net = new Mlp([d, h, h, h], 'tanh', { batchNorm: batchNorm ? { eps: 1e-5, momentum: 0.1 } : null });
    net.init('torch_default', 3);
    const rng = new Rng(9);
    const x = Float64Array.from({ length: 2 * n * d }, () => rng.normal());
    const { optimizer } = createOptimizer('sgd', net.params.length, { lr: 0.1 });
    const reg = { l1: 0, l2: 0, clipNorm: null, clipValue: null };
    const engine = new StepEngine(net, infoNceObjective(0.5), {}, optimizer, { lr: () => 0.1 }, reg);
    const none = new Float64Array(0);
    net.grads.fill(0);
    engine.accumulate(x, none, 2 * n, 1);
    const analytic = Float64Array.from(net.grads);
    // The objective in training mode, as a step computes it (batch statistics; the running ones do not enter).
    const f = () => {
      const v = engine.accumulate(x, none, 2 * n, 1);
      net.grads.fill(0);
      return v;
    };
    const numeric = numericGradient(f, net.params, 1e-6);
    assert.ok(
      analytic.some((g) => Math.abs(g) > 1e-3),
      'a gradient that is not all zero',
    );
    assert.deepEqual(disagreements(analytic, numeric, { h: 1e-6, rtol: 1e-5, atol: 1e-8 }, 'param'), []);
  });

test('SCARF corruption: each feature is replaced with probability p by the same feature of another row, drawn uniformly', () => {
  const [rows, d, p] = [6, 5, 0.3];
  // Every cell holds its own code (row · 100 + column), so a value says where it came from.
  const x = Float64Array.from({ length: rows * d }, (_, i) => Math.floor(i / d) * 100 + (i % d));
  const pool = Int32Array.from([0, 1, 2, 3, 4, 5]);
  const rng = new Rng(1);
  const positions = Int32Array.from(pool);
  const out = new Float64Array(rows * d);
  const draws = 20000;
  let replaced = 0;
  const from = Array.from({ length: rows }, () => new Array<number>(rows).fill(0));
  for (let t = 0; t < draws; t++) {
    corruptInto({ x, d, pool }, positions, 0, rows, p, rng, out, 0);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < d; c++) {
        const v = out[r * d + c];
        assert.equal(v % 100, c, 'a replacement comes from the same feature');
        const src = Math.floor(v / 100);
        if (src === r) continue;
        replaced++;
        from[r][src]++;
      }
  }
  const cells = draws * rows * d;
  const sd = Math.sqrt(p * (1 - p) * cells);
  assert.ok(Math.abs(replaced - p * cells) < 4 * sd, `replaced ${replaced / cells}, expected ${p}`);
  // Each of the other 5 rows is the source of a replacement with probability 1/5.
  for (let r = 0; r < rows; r++)
    for (let s = 0; s < rows; s++) {
      if (s === r) continue;
      const total = from[r].reduce((a, b) => a + b, 0);
      const q = 1 / (rows - 1);
      assert.ok(Math.abs(from[r][s] - q * total) < 4 * Math.sqrt(q * (1 - q) * total), `row ${r} from ${s}`);
    }
});

test('SCARF corruption: p = 0 leaves the rows as they are; a pool of one row cannot be corrupted', () => {
  const x = Float64Array.from({ length: 12 }, (_, i) => i);
  const out = new Float64Array(12);
  corruptInto({ x, d: 3, pool: Int32Array.from([0, 1, 2, 3]) }, Int32Array.from([2, 0]), 0, 2, 0, new Rng(0), out, 1);
  assert.deepEqual(Array.from(out.subarray(3, 9)), [6, 7, 8, 0, 1, 2]);
  corruptInto({ x, d: 3, pool: Int32Array.from([3]) }, Int32Array.from([0]), 0, 1, 0.99, new Rng(0), out, 0);
  assert.deepEqual(Array.from(out.subarray(0, 3)), [9, 10, 11]);
});

test('label fraction: a class of c rows keeps round(c · F) of them, at least one; seeded; a subset in order', () => {
  const counts = [50, 30, 7, 1];
  const labels = Float64Array.from(counts.flatMap((c, k) => new Array<number>(c).fill(k)));
  const train = Int32Array.from({ length: labels.length }, (_, i) => i);
  const kept = labeledRows(train, 0.1, 4, labels);
  const per = counts.map((_, k) => kept.filter((r) => labels[r] === k).length);
  assert.deepEqual(per, [5, 3, 1, 1]);
  assert.deepEqual(Array.from(labeledRows(train, 0.1, 4, labels)), Array.from(kept));
  assert.notDeepEqual(Array.from(labeledRows(train, 0.1, 5, labels)), Array.from(kept));
  assert.ok(kept.every((r, i) => i === 0 || r > kept[i - 1]));
  assert.equal(labeledRows(train, 1, 4, labels), train);
  // Unstratified: round(88 · 0.25) = 22 rows; by group: whole groups, round(4 · 0.5) = 2 of them.
  assert.equal(labeledRows(train, 0.25, 4, null).length, 22);
  const byGroup = labeledRows(train, 0.5, 4, labels, true);
  const groups = new Set(Array.from(byGroup, (r) => labels[r]));
  assert.equal(groups.size, 2);
  for (const g of groups) assert.equal(byGroup.filter((r) => labels[r] === g).length, counts[g]);
});

test('label fraction in a plan: breast_cancer at 5% keeps 5% of each class of the training rows; pretraining keeps them all', () => {
  const ds = csv('breast_cancer.csv');
  const raw = { data: { labelFraction: 0.05 }, model: { hidden: [8] }, pretrain: 'info_nce' };
  const plan = planRun(resolveRunConfig(raw, defaultConfig('x.csv')), ds);
  for (let k = 0; k < 2; k++) {
    const all = ds.train.filter((r) => ds.y[r] === k).length;
    assert.equal(plan.data.train.filter((r) => ds.y[r] === k).length, Math.round(all * 0.05));
  }
  assert.equal(plan.pretrain!.rows.length, ds.train.length);
  assert.equal(plan.data.val, ds.val);
});

async function run(raw: Record<string, unknown>, ds: Dataset) {
  const events: RunEvent[] = [];
  const plan = planRun(resolveRunConfig(raw, defaultConfig('x.csv')), ds);
  const r = await train(plan, { onEvent: (e) => events.push(e) });
  return { ...r, plan, events };
}

test('a pretrained run: pretraining events first, at negative steps up to 0, then the supervised phase as without', async () => {
  const ds = csv('iris.csv');
  const base = { model: { hidden: [8] }, training: { epochs: 3, batchSize: 40 } };
  const r = await run({ ...base, pretrain: { method: 'info_nce', epochs: 2 } }, ds);
  const steps = r.events.filter((e): e is StepEvent => e.type === 'step');
  const epochs = r.events.filter((e): e is EpochEvent => e.type === 'epoch');
  const pre = steps.filter((e) => e.phase === 'pretrain');
  assert.deepEqual(
    pre.map((e) => e.step),
    [-6, -5, -4, -3, -2, -1],
  );
  assert.deepEqual(
    epochs.map((e) => [e.phase ?? 'supervised', e.epoch, e.step]),
    [
      ['pretrain', -1, -3],
      ['pretrain', 0, 0],
      ['supervised', 1, 3],
      ['supervised', 2, 6],
      ['supervised', 3, 9],
    ],
  );
  assert.equal(r.summary.pretrain!.history.loss.length, 2);
  assert.equal(r.summary.pretrain!.steps, 6);
  // NT-Xent of 40 rows' two views at τ = 1: cosines in [-1, 1] put it within log(79) ± 2.
  for (const v of r.summary.pretrain!.history.loss) assert.ok(Math.abs(v - Math.log(79)) <= 2, `${v}`);
  const start = r.events[0];
  assert.ok(start.type === 'start' && start.pretrain?.steps === 6);
  const plain = await run(base, ds);
  assert.equal(plain.summary.pretrain, undefined);
  assert.ok(plain.events.every((e) => !('phase' in e)));
});

test('fine-tuning starts from the pretrained encoder and trains it; a probe trains only the last layer', async () => {
  const ds = csv('iris.csv');
  const base = { model: { hidden: [8, 6] }, training: { epochs: 2, batchSize: 30 } };
  const initial = initialModel(planRun(resolveRunConfig(base, defaultConfig('x.csv')), ds));
  const enc = encoderSize(initial, 2).params;
  const pretrainedEncoder = async (probe: boolean) => {
    const r = await run(
      { ...base, training: { ...base.training, epochs: 1 }, pretrain: { method: 'info_nce', epochs: 2, probe } },
      ds,
    );
    return r.model.params.slice(0, enc);
  };
  const tuned = await run({ ...base, pretrain: { method: 'info_nce', epochs: 2 } }, ds);
  const probed = await run(
    {
      ...base,
      pretrain: { method: 'info_nce', epochs: 2, probe: true },
      optimizer: { name: 'adamw', weight_decay: 0.1 },
    },
    ds,
  );
  const scratch = await run(base, ds);
  const head = (m: Mlp) => Array.from(m.params.slice(enc));
  const encoder = (m: Mlp) => Array.from(m.params.slice(0, enc));
  // The probe's encoder is the pretrained one, untouched by weight decay or gradient; its head moved.
  const probedPretrained = await run(
    {
      ...base,
      pretrain: { method: 'info_nce', epochs: 2, probe: true },
      optimizer: { name: 'adamw', weight_decay: 0.1 },
      training: { ...base.training, epochs: 1 },
    },
    ds,
  );
  assert.deepEqual(encoder(probed.model), encoder(probedPretrained.model));
  assert.notDeepEqual(encoder(probed.model), encoder(initial));
  assert.notDeepEqual(head(probed.model), head(initial));
  assert.ok(
    probed.events.every((e) => e.type !== 'step' || e.phase || e.layerGradNorms.slice(0, 2).every((g) => g === 0)),
  );
  // Fine-tuning moves the pretrained encoder further; from scratch it starts from the initial weights.
  assert.notDeepEqual(encoder(tuned.model), Array.from(await pretrainedEncoder(false)));
  assert.notDeepEqual(encoder(tuned.model), encoder(scratch.model));
});

function throwsField(raw: Record<string, unknown>, ds: Dataset | null, field: string, message: RegExp): void {
  assert.throws(
    () => {
      const config = resolveRunConfig(raw, defaultConfig('x.csv'));
      if (ds) planRun(config, ds);
    },
    (e: unknown) =>
      e instanceof LossLabError && e.where.field === field && message.test(e.message) && !e.message.includes('\n'),
  );
}

test('bad pretraining settings and combinations: one line naming the field', () => {
  const ds = csv('iris.csv');
  throwsField({ pretrain: { epochs: 3 } }, null, 'pretrain.method', /required.*--pretrain info_nce/);
  throwsField({ pretrain: 'simclr' }, null, 'pretrain.method', /must be one of info_nce/);
  throwsField({ pretrain: { method: 'info_nce', corruption: 1 } }, null, 'pretrain.corruption', /\[0, 1\)/);
  throwsField({ pretrain: { method: 'info_nce', temperature: 0 } }, null, 'pretrain.temperature', /\(0, inf\)/);
  throwsField({ pretrain: { method: 'info_nce', probes: true } }, null, 'pretrain.probes', /did you mean 'probe'/);
  throwsField({ data: { labelFraction: 0 } }, null, 'data.labelFraction', /\(0, 1\]/);
  throwsField({ data: { labelFraction: 1.5 } }, null, 'data.labelFraction', /\(0, 1\]/);
  throwsField({ pretrain: 'info_nce' }, ds, 'model.hidden', /hidden layers \(the encoder\).*--hidden/);
  throwsField(
    { pretrain: 'info_nce', model: { hidden: [4] }, optimizer: 'lbfgs', training: { batchSize: 'full' } },
    ds,
    'optimizer.name',
    /choose another optimizer/,
  );
  const rows = Array.from({ length: 3000 }, (_, i) => `${i % 7},${(i * 13) % 11},${i % 2}`);
  const big = buildDataset(parseCsvText(`a,b,y\n${rows.join('\n')}\n`, 'big.csv'));
  throwsField(
    { pretrain: 'info_nce', model: { hidden: [4] }, training: { batchSize: 'full' } },
    big,
    'training.batchSize',
    /at most 2048/,
  );
});
