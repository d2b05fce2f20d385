import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { LossLabError } from '../../src/core/errors';
import { featureSources, toRuns } from '../../src/core/export/record';
import type { PreprocessingRecord } from '../../src/core/export/record';
import { py, pytorchScript } from '../../src/core/export/pytorch';
import { readExportSource } from '../../src/io/exportSource';
import type { LayerParams } from '../../src/core/model/mlp';
import { runTraining } from '../../src/runs/runTraining';
import { dataset, losslab, tempDir, workspace } from '../cli/run';

const CSV = ['a,colour,y', '1,red,0', '2,blue,1', 'NA,red,1', '', '3,red,0', '4,"blue",1', '5,red,1', ''].join('\n');

async function record(csvText: string, raw: Record<string, unknown> = {}) {
  const dir = workspace({ 'd.csv': csvText });
  const config = resolveRunConfig(
    { data: { valSplit: 0 }, training: { epochs: 2 }, ...raw },
    defaultConfig(join(dir, 'd.csv')),
  );
  const run = await runTraining(config, { outDir: join(dir, 'runs') });
  return { run, dir: run.runDir! };
}

test('runs of consecutive lines, and which column each model input comes from', () => {
  assert.deepEqual(toRuns([2, 3, 4, 7, 9, 10]), [
    [2, 4],
    [7, 7],
    [9, 10],
  ]);
  assert.deepEqual(toRuns([]), []);
  assert.deepEqual(featureSources(['a', 'colour=red', 'x=1=2', 'x=1'], ['a', 'colour', 'x', 'x=1']), [
    { column: 'a', level: null },
    { column: 'colour', level: 'red' },
    { column: 'x=1', level: '2' },
    { column: 'x=1', level: null },
  ]);
});

test('a run records its rows, encoders, scaler, split and initial weights', async () => {
  const { dir } = await record(CSV);
  const pre = JSON.parse(readFileSync(join(dir, 'preprocessing.json'), 'utf8')) as PreprocessingRecord;
  // Line 4 has a missing value and line 5 is blank: rows start at lines 2, 3, 6, 7, 8.
  assert.deepEqual(pre.rows, [
    [2, 3],
    [6, 8],
  ]);
  assert.deepEqual(pre.header, ['a', 'colour', 'y']);
  assert.equal(pre.delimiter, ',');
  // a = 1, 2, 3, 4, 5: mean 3, population std √2. colour=blue is 1 for 2 of 5 rows: mean 0.4, std √(0.4 · 0.6).
  assert.deepEqual(
    pre.features.map((f) => [f.column, f.level]),
    [
      ['a', null],
      ['colour', 'blue'],
      ['colour', 'red'],
    ],
  );
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-15, `${a} vs ${b}`);
  close(pre.features[0].mean, 3);
  close(pre.features[0].std, Math.SQRT2);
  close(pre.features[1].mean, 0.4);
  close(pre.features[1].std, Math.sqrt(0.24));
  close(pre.features[2].mean, 0.6);
  assert.deepEqual(pre.target, { columns: ['y'], classes: ['0', '1'], scaler: null });
  assert.deepEqual(pre.val, []);
  assert.deepEqual(pre.filled, []);
  // PyTorch's nn.Linear default: weights and biases in U(±1/√fan_in), here 3 inputs and 1 output (bce).
  const initial = JSON.parse(readFileSync(join(dir, 'initial.json'), 'utf8')) as LayerParams[];
  assert.equal(initial.length, 1);
  assert.equal(initial[0].weight.length, 1);
  assert.equal(initial[0].weight[0].length, 3);
  for (const v of [...initial[0].weight[0], ...initial[0].bias]) assert.ok(Math.abs(v) <= 1 / Math.sqrt(3));
});

test("given initial weights are the recorded ones, and the script carries them and every step's rate", async () => {
  const initial = [{ weight: [[0.1, -0.2, 0.3]], bias: [0.05] }];
  const { dir } = await record(CSV, { model: { initial }, training: { epochs: 3, batchSize: 2 }, schedule: 'cosine' });
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'initial.json'), 'utf8')), initial);
  const script = pytorchScript(readExportSource(dir));
  assert.match(script, new RegExp(`^INITIAL = ${py(initial).replace(/[[\]().]/g, '\\$&')}$`, 'm'));
  // 5 training rows in batches of 2: 3 steps per epoch, 9 in all.
  const lrs = JSON.parse(/^LRS = (.*)$/m.exec(script)![1]) as number[];
  assert.equal(lrs.length, 9);
  assert.equal(lrs[0], 0.01);
  assert.match(
    script,
    /torch\.optim\.Adam\(model\.parameters\(\), lr=0\.01, betas=\[0\.9, 0\.999\], eps=1e-8, weight_decay=0, amsgrad=False\)/,
  );
  assert.match(script, /return F\.binary_cross_entropy_with_logits\(out\[:, 0\], y\)/);
});

test('Lion and Adan, which PyTorch lacks, are defined in the script; only the one the run uses', async () => {
  const lion = pytorchScript(
    readExportSource((await record(CSV, { optimizer: { name: 'lion', lr: 1e-4, weight_decay: 0.1 } })).dir),
  );
  assert.match(lion, /^class Lion\(torch\.optim\.Optimizer\):$/m);
  assert.doesNotMatch(lion, /class Adan/);
  assert.match(lion, /optimizer = Lion\(model\.parameters\(\), lr=0\.0001, betas=\[0\.9, 0\.99\], weight_decay=0\.1\)/);
  const adan = pytorchScript(
    readExportSource(
      (await record(CSV, { optimizer: { name: 'adan', lr: 0.002, no_prox: true, max_grad_norm: 1 } })).dir,
    ),
  );
  assert.match(adan, /^class Adan\(torch\.optim\.Optimizer\):$/m);
  assert.doesNotMatch(adan, /class Lion/);
  assert.match(
    adan,
    /optimizer = Adan\(model\.parameters\(\), lr=0\.002, betas=\[0\.98, 0\.92, 0\.99\], eps=1e-8, weight_decay=0, no_prox=True, max_grad_norm=1\)/,
  );
  const adam = pytorchScript(readExportSource((await record(CSV)).dir));
  assert.doesNotMatch(adam, /class (Lion|Adan)/);
});

test('an L-BFGS run is torch.optim.LBFGS stepped once an epoch with a closure; a mini-batch run keeps its loop', async () => {
  const both = (search: string) => ({
    optimizer: { name: 'lbfgs', lr: 1, line_search_fn: search },
    training: { epochs: 2, batchSize: 'full' },
  });
  const plain = pytorchScript(readExportSource((await record(CSV, both('none'))).dir));
  assert.match(
    plain,
    /optimizer = torch\.optim\.LBFGS\(model\.parameters\(\), lr=1, max_iter=20, tolerance_grad=1e-7, tolerance_change=1e-9, history_size=100, line_search_fn=None\)/,
  );
  assert.match(plain, /^ {8}optimizer\.step\(closure\)$/m);
  assert.doesNotMatch(plain, /for b in range\(batches\)/);
  const wolfe = pytorchScript(readExportSource((await record(CSV, both('strong_wolfe'))).dir));
  assert.match(wolfe, /line_search_fn="strong_wolfe"\)/);
  const adam = pytorchScript(readExportSource((await record(CSV)).dir));
  assert.doesNotMatch(adam, /closure/);
  assert.match(adam, /for b in range\(batches\)/);
});

test("batch norm and dropout: the run records each batch norm's initial state; the script builds them, only when the run has them", async () => {
  const { dir } = await record(CSV, {
    model: { hidden: [3], batchNorm: true, bnMomentum: 0.25, dropout: 0.5 },
    training: { epochs: 2, batchSize: 3, seed: 6 },
  });
  const [hidden, out] = JSON.parse(readFileSync(join(dir, 'initial.json'), 'utf8')) as LayerParams[];
  assert.deepEqual(hidden.bn, { weight: [1, 1, 1], bias: [0, 0, 0], running_mean: [0, 0, 0], running_var: [1, 1, 1] });
  assert.equal(out.bn, undefined);
  const script = pytorchScript(readExportSource(dir));
  assert.match(script, /^BN_EPS = 0\.00001\nBN_MOMENTUM = 0\.25\nDROPOUT = 0\.5\nDROPOUT_SEED = \d+$/m);
  assert.match(script, /torch\.nn\.BatchNorm1d\(len\(p\["bias"\]\), eps=BN_EPS, momentum=BN_MOMENTUM\)/);
  assert.match(script, /^class Dropout\(torch\.nn\.Module\):$/m);
  assert.match(script, /model = build_model\(Rng\(DROPOUT_SEED\)\)/);
  assert.match(script, /model\.eval\(\)\n\s+val_loss = .*\n\s+model\.train\(\)/);
  const plain = pytorchScript(readExportSource((await record(CSV, { model: { hidden: [3] } })).dir));
  assert.doesNotMatch(plain, /BN_EPS|DROPOUT|BatchNorm1d|Dropout|model\.eval/);
  assert.match(plain, /^def build_model\(initial=INITIAL\):$/m);
});

test('what the script cannot replay is refused, naming the setting', async () => {
  const refuses = async (raw: Record<string, unknown>, field: string, csv = CSV) => {
    const { dir } = await record(csv, raw);
    assert.throws(
      () => pytorchScript(readExportSource(dir)),
      (e: unknown) => e instanceof LossLabError && e.where.field === field,
      field,
    );
  };
  await refuses({ loss: 'contrastive' }, 'loss.name');
  await refuses(
    { training: { epochs: 2, earlyStopping: { patience: 2, monitor: 'accuracy' } } },
    'training.earlyStopping.monitor',
  );
  await refuses({ data: { valSplit: 0, missing: 'mean' } }, 'data.missing');
});

test('a gradnorm run exports its weights as a parameter of the model, renormalized after each step', async () => {
  const twoTargets = ['x,y,z', '1,0.5,a', '2,1.5,b', '3,0.1,a', '4,2.5,b'].join('\n');
  const { dir } = await record(twoTargets, {
    data: { valSplit: 0, task: 'multitask', target: ['y', 'z'] },
    loss: { name: 'multitask', weighting: 'gradnorm', alpha: 0.75 },
    model: { hidden: [3] },
  });
  const script = pytorchScript(readExportSource(dir));
  assert.match(script, /model\.task_weights = torch\.nn\.Parameter\(torch\.ones\(len\(HEADS\)\)\)/);
  assert.match(script, /self\.alpha, self\.initial = 0\.75, None/);
  assert.match(script, /optimizer\.step\(\)\n\s+WEIGHTING\.after_step\(model\)\n/);
});

test('a ranking run records its group column; the script groups rows by it and batches whole groups', async () => {
  const queries = ['q,x,rel', 'a,1,0', 'a,2,1', 'b,3,2', 'b,1,0', 'c,2,1', 'c,5,0', '7,1,1', '7.0,2,0'].join('\n');
  const { dir } = await record(queries, { data: { valSplit: 0, group: 'q', target: 'rel' }, loss: 'ranknet' });
  const pre = JSON.parse(readFileSync(join(dir, 'preprocessing.json'), 'utf8')) as PreprocessingRecord;
  // `7` and `7.0` are two groups here: the column holds text, so its cells are compared as text.
  assert.deepEqual(pre.group, { column: 'q', numeric: false });
  assert.equal(pre.trainUnits, 5, 'the batches split the training groups');
  const script = pytorchScript(readExportSource(dir));
  assert.match(script, /^GROUP = \["q", False\]$/m);
  assert.match(script, /loss = loss_fn\(model\(x\[rows\]\), y\[rows\], g\[rows\]\)/);
  const numeric = ['q,x,rel', '1,1,0', '1.0,2,1', '2,3,2', '2,1,0'].join('\n');
  const { dir: numericDir } = await record(numeric, { data: { valSplit: 0, group: 'q', target: 'rel' } });
  const numericPre = JSON.parse(readFileSync(join(numericDir, 'preprocessing.json'), 'utf8')) as PreprocessingRecord;
  assert.deepEqual(numericPre.group, { column: 'q', numeric: true });
  assert.equal(numericPre.trainUnits, 2);
});

test('losslab export pytorch writes the script; a folder that is not a run is a user error', async () => {
  const { dir } = await record(readFileSync(dataset('iris.csv'), 'utf8'), { model: { hidden: [4] } });
  const out = join(tempDir(), 'replay.py');
  const r = losslab(['export', 'pytorch', dir, '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  const script = readFileSync(out, 'utf8');
  assert.match(script, /^#!\/usr\/bin\/env python3/);
  assert.match(script, /CLASSES = \["setosa", "versicolor", "virginica"\]/);
  assert.match(script, /F\.cross_entropy\(out, y\.long\(\), label_smoothing=0\)/);
  const bad = losslab(['export', 'pytorch', tempDir()]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /is not a run folder/);
  assert.equal(losslab(['export', 'onnx', dir]).code, 2);
});

test('a run folder without initial.json: the export names the file and says to train the run again', async () => {
  const { dir } = await record(CSV);
  rmSync(join(dir, 'initial.json'));
  const r = losslab(['export', 'pytorch', dir, '-o', join(tempDir(), 'replay.py')]);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr.trim(),
    `losslab: ${dir} has no initial.json (the initial weights), which a run records as it starts; train the run again (Re-run in the Runs view, or losslab train with the same settings) and export the new run`,
  );
});
