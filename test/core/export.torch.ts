/**
 * The PyTorch export, run for real: each recorded run is exported, the script run with PyTorch, and its
 * per-epoch train and validation losses compared with the run's. Needs python3 with torch, so it is not
 * part of `npm test`: `tsc -p . && node --test out/test/core/export.torch.js` (LOSSLAB_PYTHON picks the
 * interpreter; default /usr/bin/python3).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { dataset, tempDir } from '../cli/run';
import { PYTHON, exported, replay } from './exportReplay';

test('mse + Adam, tanh MLP, L2 (diabetes)', () =>
  replay(dataset('diabetes.csv'), {
    loss: 'mse',
    optimizer: { name: 'adam', lr: 0.01 },
    model: { hidden: [8], activation: 'tanh' },
    training: { epochs: 8, batchSize: 32, l2: 0.01, seed: 3 },
  }));

test('cross-entropy + SGD with momentum, cosine with warmup, gradient clipping (wine)', () =>
  replay(dataset('wine.csv'), {
    loss: 'cross_entropy',
    optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
    schedule: { name: 'cosine', warmup: 10 },
    model: { hidden: [16], activation: 'relu' },
    training: { epochs: 10, batchSize: 16, clipNorm: 0.5, seed: 1 },
  }));

test('focal + AdamW, one-cycle, GELU, full batch without shuffling, L1 (iris)', () =>
  replay(dataset('iris.csv'), {
    loss: { name: 'focal', alpha: 1, gamma: 2 },
    optimizer: { name: 'adamw', lr: 0.05 },
    schedule: 'one_cycle',
    model: { hidden: [8, 8], activation: 'gelu', init: 'he_normal' },
    training: { epochs: 15, batchSize: 'full', shuffle: false, l1: 0.001, seed: 5 },
  }));

/** Quoted cells, CRLF line ends, a blank line, a BOM, a categorical feature, a row dropped for a missing value. */
function awkwardCsv(): string {
  const lines = ['\uFEFFsize,"colour",weight,label'];
  for (let i = 0; i < 120; i++) {
    const colour = ['red', 'green', '"blue, dark"'][i % 3];
    const size = i === 7 ? 'NA' : (Math.sin(i) * 3 + 5).toFixed(3);
    const label = (Math.sin(i * 1.3) + (i % 3) * 0.4 > 0.3 ? 1 : 0).toString();
    lines.push(`${size},${colour}, ${(Math.cos(i * 0.7) * 10).toFixed(2)} ,${label}`);
    if (i === 40) lines.push('');
  }
  const file = join(tempDir(), 'awkward.csv');
  writeFileSync(file, lines.join('\r\n') + '\r\n');
  return file;
}

test('bce with pos_weight + RMSprop, reduce_on_plateau with warmup, accumulation, value clipping, early stopping (awkward CSV)', () =>
  replay(awkwardCsv(), {
    loss: { name: 'bce', pos_weight: 1.5 },
    optimizer: { name: 'rmsprop', lr: 0.02, momentum: 0.5 },
    schedule: { name: 'reduce_on_plateau', patience: 1, factor: 0.5, warmup: 4 },
    model: { hidden: [6], activation: 'elu' },
    training: {
      epochs: 30,
      batchSize: 10,
      accumulate: 3,
      clipValue: 0.2,
      earlyStopping: { patience: 3, minDelta: 1e-4 },
      seed: 2,
    },
  }));

test('huber + SGD, step decay, no validation split (diabetes)', () =>
  replay(dataset('diabetes.csv'), {
    data: { valSplit: 0 },
    loss: { name: 'huber', delta: 0.5 },
    optimizer: { name: 'sgd', lr: 0.05, nesterov: true, momentum: 0.8 },
    schedule: { name: 'step', gamma: 0.5 },
    training: { epochs: 6, batchSize: 64, seed: 4 },
  }));

// L-BFGS: torch.optim.LBFGS stepped once an epoch with a closure on every training row.

test('mse + L-BFGS without a line search, step decay, L2 in the closure (diabetes)', () =>
  replay(dataset('diabetes.csv'), {
    loss: 'mse',
    optimizer: { name: 'lbfgs', lr: 0.5, max_iter: 8, history_size: 5 },
    schedule: { name: 'step', step_size: 3, gamma: 0.5 },
    model: { hidden: [8], activation: 'tanh' },
    training: { epochs: 6, batchSize: 'full', l2: 0.01, seed: 16 },
  }));

test('cross-entropy + L-BFGS with the strong-Wolfe line search, L1, shuffled full batch (wine)', () =>
  replay(dataset('wine.csv'), {
    loss: 'cross_entropy',
    optimizer: { name: 'lbfgs', lr: 1, line_search_fn: 'strong_wolfe', max_iter: 10 },
    model: { hidden: [8], activation: 'tanh' },
    training: { epochs: 5, batchSize: 'full', l1: 0.001, seed: 17 },
  }));

// Batch norm and dropout: nn.BatchNorm1d in training mode for the steps and eval mode for the validation
// loss, and dropout masks from the trainer's generator in its order.

test('batch norm + Adam, ReLU MLP of two hidden layers, mini-batches with a short last one (wine)', () =>
  replay(dataset('wine.csv'), {
    loss: 'cross_entropy',
    optimizer: { name: 'adam', lr: 0.01 },
    model: { hidden: [16, 8], activation: 'relu', batchNorm: true },
    training: { epochs: 8, batchSize: 16, seed: 21 },
  }));

test('dropout 0.3 + SGD with momentum, tanh MLP (diabetes)', () =>
  replay(dataset('diabetes.csv'), {
    loss: 'mse',
    optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 },
    model: { hidden: [16, 8], activation: 'tanh', dropout: 0.3 },
    training: { epochs: 6, batchSize: 32, seed: 22 },
  }));

test('batch norm with its eps and momentum set, dropout, GELU, accumulation, clipping, L2 (iris)', () =>
  replay(dataset('iris.csv'), {
    loss: 'cross_entropy',
    optimizer: { name: 'adamw', lr: 0.02 },
    model: { hidden: [12], activation: 'gelu', batchNorm: true, bnEps: 1e-3, bnMomentum: 0.3, dropout: 0.2 },
    training: { epochs: 10, batchSize: 16, accumulate: 2, clipNorm: 1, l2: 0.001, seed: 23 },
  }));

// Ranking: batches of whole groups in the trainer's order of groups; the loss sees each row's group.

/**
 * 40 queries of 1 to 9 documents (one-row groups and tied grades included), grades from a noisy linear
 * score; the query column holds numbers written two ways (`7` and `7.0` are one query) or text.
 */
function queriesCsv(textIds: boolean): string {
  const lines = ['doc_a,query,doc_b,grade'];
  for (let q = 0; q < 40; q++) {
    const docs = 1 + ((q * 7) % 9);
    for (let i = 0; i < docs; i++) {
      const a = Math.sin(q * 3.1 + i * 1.7) * 2;
      const b = Math.cos(q * 0.9 + i * 2.3);
      const grade = Math.max(0, Math.min(3, Math.round(a * 0.8 - b * 0.5 + 1.2 + Math.sin(i * q) * 0.4)));
      const id = textIds ? `query-${q}` : i % 2 ? `${q}.0` : `${q}`;
      lines.push(`${a.toFixed(4)},${id},${b.toFixed(4)},${grade}`);
    }
  }
  const file = join(tempDir(), 'queries.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const ranking = (loss: unknown, extra: Record<string, unknown>) => ({
  data: { task: 'ranking', group: 'query', target: 'grade' },
  loss,
  model: { hidden: [6], activation: 'tanh' },
  ...extra,
});

test('ranknet + Adam over batches of 4 groups, a short last batch, numeric query ids written two ways', () =>
  replay(
    queriesCsv(false),
    ranking(
      { name: 'ranknet', sigma: 1.5 },
      { optimizer: { name: 'adam', lr: 0.02 }, training: { epochs: 6, batchSize: 4, seed: 31 } },
    ),
  ));

test('lambdarank + SGD with momentum, cosine, text query ids', () =>
  replay(
    queriesCsv(true),
    ranking('lambdarank', {
      optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 },
      schedule: 'cosine',
      training: { epochs: 6, batchSize: 3, seed: 32 },
    }),
  ));

test('listnet + AdamW with accumulation and clipping, and margin ranking + RMSprop', async () => {
  await replay(
    queriesCsv(true),
    ranking('listnet', {
      optimizer: { name: 'adamw', lr: 0.03 },
      training: { epochs: 5, batchSize: 5, accumulate: 2, clipNorm: 0.5, seed: 33 },
    }),
  );
  await replay(
    queriesCsv(false),
    ranking(
      { name: 'margin_ranking', margin: 0.5 },
      { optimizer: { name: 'rmsprop', lr: 0.01 }, training: { epochs: 5, batchSize: 8, seed: 34 } },
    ),
  );
});

test('pointwise mse and L-BFGS on every group at once (ranknet)', async () => {
  await replay(
    queriesCsv(false),
    ranking('mse', { optimizer: { name: 'adam', lr: 0.02 }, training: { epochs: 4, batchSize: 6, seed: 35 } }),
  );
  await replay(
    queriesCsv(true),
    ranking('ranknet', {
      optimizer: { name: 'lbfgs', lr: 0.5, max_iter: 6, line_search_fn: 'strong_wolfe' },
      training: { epochs: 4, batchSize: 'full', seed: 36 },
    }),
  );
});

// Multitask: one output slice and one loss per head, combined by the run's weighting.

const irisHeads = (loss: Record<string, unknown>, extra: Record<string, unknown>) => ({
  data: { task: 'multitask', target: ['species', 'petal_width_(cm)'] },
  loss: { name: 'multitask', ...loss },
  model: { hidden: [8], activation: 'tanh' },
  ...extra,
});

/** Three numbers, a yes/no label and a number of their own, for a binary head beside a regression head. */
function twoTargetsCsv(): string {
  const lines = ['a,b,c,churn,spend'];
  for (let i = 0; i < 150; i++) {
    const [a, b, c] = [Math.sin(i * 1.1), Math.cos(i * 0.7), Math.sin(i * 0.3) * 2];
    const churn = a + 0.5 * b + 0.3 * Math.sin(i * 5) > 0 ? 'yes' : 'no';
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${c.toFixed(4)},${churn},${(3 * c - a + 10).toFixed(3)}`);
  }
  const file = join(tempDir(), 'two-targets.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

test('multitask, fixed weights 1 and 0.5: cross-entropy and mse heads + Adam (iris species and petal width)', () =>
  replay(
    dataset('iris.csv'),
    irisHeads(
      { weighting: 'fixed', weights: [1, 0.5] },
      { optimizer: { name: 'adam', lr: 0.02 }, training: { epochs: 6, batchSize: 16, seed: 41 } },
    ),
  ));

test('multitask, uncertainty weighting with learned log-variances: cross-entropy and huber heads + SGD, clipping', () =>
  replay(
    dataset('iris.csv'),
    irisHeads(
      { weighting: 'uncertainty', losses: 'cross_entropy,huber' },
      {
        optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 },
        training: { epochs: 6, batchSize: 32, clipNorm: 1, seed: 42 },
      },
    ),
  ));

test('multitask, dynamic weight average over 6 epochs: bce and mse heads + Adam with accumulation', () =>
  replay(twoTargetsCsv(), {
    data: { task: 'multitask', target: ['churn', 'spend'] },
    loss: { name: 'multitask', weighting: 'dwa', temperature: 1.5 },
    model: { hidden: [8], activation: 'relu' },
    optimizer: { name: 'adam', lr: 0.02 },
    training: { epochs: 6, batchSize: 16, accumulate: 2, seed: 43 },
  }));

// GradNorm: the weights a parameter of the model, their gradient GradNorm's, renormalized after each step.

test('multitask, gradnorm α 0.5: cross-entropy and mse heads + Adam with accumulation (iris species and petal width)', () =>
  replay(
    dataset('iris.csv'),
    irisHeads(
      { weighting: 'gradnorm', alpha: 0.5 },
      { optimizer: { name: 'adam', lr: 0.02 }, training: { epochs: 6, batchSize: 16, accumulate: 2, seed: 44 } },
    ),
  ));

test('multitask, gradnorm α 2: bce and huber heads + SGD with momentum, clipping, batch norm and dropout', () =>
  replay(twoTargetsCsv(), {
    data: { task: 'multitask', target: ['churn', 'spend'] },
    loss: { name: 'multitask', weighting: 'gradnorm', alpha: 2, losses: 'bce,huber' },
    model: { hidden: [8, 6], activation: 'tanh', batchNorm: true, dropout: 0.2 },
    optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 },
    training: { epochs: 6, batchSize: 20, clipNorm: 0.5, seed: 45 },
  }));

// A separate validation file: the script reads the training file's rows, then the validation file's.

test('--val-data: validated on a second file with a blank line and a row dropped for a missing value (diabetes)', async () => {
  const [header, ...lines] = readFileSync(dataset('diabetes.csv'), 'utf8').trim().split('\n');
  const dir = tempDir();
  const trainFile = join(dir, 'train.csv');
  const valFile = join(dir, 'val.csv');
  writeFileSync(trainFile, [header, ...lines.slice(0, 300)].join('\n') + '\n');
  const val = lines.slice(300);
  val[5] = val[5].replace(/^[^,]*/, ''); // a missing first feature: the row is dropped
  writeFileSync(valFile, [header, ...val.slice(0, 40), '', ...val.slice(40)].join('\n') + '\n');
  await replay(trainFile, {
    data: { valPath: valFile },
    loss: 'mse',
    optimizer: { name: 'adam', lr: 0.01 },
    model: { hidden: [8], activation: 'tanh' },
    training: { epochs: 5, batchSize: 32, seed: 51 },
  });
});

// A fraction of the labels: the script trains on the recorded labeled rows, in the trainer's order.

test('--label-fraction 0.3: the labeled training rows only, stratified (wine), and whole queries (ranking)', async () => {
  await replay(dataset('wine.csv'), {
    data: { labelFraction: 0.3 },
    loss: 'cross_entropy',
    optimizer: { name: 'adam', lr: 0.02 },
    model: { hidden: [8], activation: 'relu' },
    training: { epochs: 5, batchSize: 8, seed: 61 },
  });
  await replay(
    queriesCsv(true),
    ranking('listnet', {
      data: { task: 'ranking', group: 'query', target: 'grade', labelFraction: 0.5 },
      optimizer: { name: 'adam', lr: 0.02 },
      training: { epochs: 4, batchSize: 3, seed: 62 },
    }),
  );
});

// Contrastive pretraining: SCARF views from the trainer's generator, NT-Xent, then the supervised phase.

test('pretrain info_nce then fine-tune, batch norm, L2 (wine), and a linear probe after pretraining (iris)', async () => {
  await replay(dataset('wine.csv'), {
    pretrain: { method: 'info_nce', epochs: 3, corruption: 0.4, temperature: 0.5 },
    loss: 'cross_entropy',
    optimizer: { name: 'adam', lr: 0.01 },
    model: { hidden: [8, 6], activation: 'relu', batchNorm: true },
    training: { epochs: 4, batchSize: 32, l2: 0.001, seed: 71 },
  });
  await replay(dataset('iris.csv'), {
    data: { labelFraction: 0.2 },
    pretrain: { method: 'info_nce', epochs: 2, corruption: 0.6, temperature: 0.2, probe: true },
    loss: 'cross_entropy',
    optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
    model: { hidden: [8], activation: 'tanh' },
    training: { epochs: 5, batchSize: 16, clipNorm: 1, seed: 72 },
  });
});

test('pretrain with dropout: fine-tune with batch norm (wine), and a linear probe whose encoder still drops units (iris)', async () => {
  await replay(dataset('wine.csv'), {
    pretrain: { method: 'info_nce', epochs: 3, corruption: 0.3, temperature: 0.5 },
    loss: 'cross_entropy',
    optimizer: { name: 'adam', lr: 0.01 },
    model: { hidden: [8, 6], activation: 'relu', batchNorm: true, dropout: 0.2 },
    training: { epochs: 4, batchSize: 32, seed: 73 },
  });
  await replay(dataset('iris.csv'), {
    pretrain: { method: 'info_nce', epochs: 2, corruption: 0.5, temperature: 0.3, probe: true },
    loss: 'cross_entropy',
    optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
    model: { hidden: [8], activation: 'tanh', dropout: 0.3 },
    training: { epochs: 5, batchSize: 16, seed: 74 },
  });
});

// Lion and Adan, which PyTorch lacks: the script defines them.

test('cross-entropy + Lion with weight decay, mini-batches (wine)', () =>
  replay(dataset('wine.csv'), {
    loss: 'cross_entropy',
    optimizer: { name: 'lion', lr: 0.003, betas: [0.9, 0.99], weight_decay: 0.1 },
    model: { hidden: [16], activation: 'relu' },
    training: { epochs: 6, batchSize: 16, seed: 13 },
  }));

test('mse + Adan with proximal weight decay, cosine, mini-batches (diabetes)', () =>
  replay(dataset('diabetes.csv'), {
    loss: 'mse',
    optimizer: { name: 'adan', lr: 0.01, weight_decay: 0.02 },
    schedule: 'cosine',
    model: { hidden: [8], activation: 'tanh' },
    training: { epochs: 6, batchSize: 32, seed: 14 },
  }));

test('cross-entropy + Adan with no_prox, max_grad_norm and weight decay, mini-batches (iris)', () =>
  replay(dataset('iris.csv'), {
    loss: 'cross_entropy',
    optimizer: {
      name: 'adan',
      lr: 0.02,
      betas: [0.9, 0.9, 0.95],
      weight_decay: 0.05,
      no_prox: true,
      max_grad_norm: 0.5,
    },
    model: { hidden: [8], activation: 'gelu' },
    training: { epochs: 8, batchSize: 16, seed: 15 },
  }));

// Formula losses: the script's loss_fn is printed from the formula's syntax tree.

test('formula log(cosh(pred - target)) + Adam, tanh MLP (diabetes)', () =>
  replay(dataset('diabetes.csv'), {
    loss: { formula: 'log(cosh(pred - target))' },
    optimizer: { name: 'adam', lr: 0.01 },
    model: { hidden: [8], activation: 'tanh' },
    training: { epochs: 6, batchSize: 32, seed: 7 },
  }));

test('formula Huber with a parameter named like a Python keyword and ?: + SGD with momentum (diabetes)', () =>
  replay(dataset('diabetes.csv'), {
    loss: {
      formula: 'abs(pred - target) <= lambda ? 0.5*(pred - target)^2 : lambda*(abs(pred - target) - 0.5*lambda)',
      lambda: 0.4,
    },
    optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 },
    training: { epochs: 6, batchSize: 16, seed: 8 },
  }));

test('formula cross-entropy through log(sigmoid) + Adam (breast_cancer, pred is the logit)', () =>
  replay(dataset('breast_cancer.csv'), {
    loss: { formula: '-(target*log(sigmoid(pred)) + (1 - target)*log(sigmoid(-pred)))' },
    optimizer: { name: 'adam', lr: 0.05 },
    model: { hidden: [8], activation: 'relu' },
    training: { epochs: 6, batchSize: 64, seed: 9 },
  }));

test('formula squared hinge with max plus softplus and sigmoid terms + RMSprop (breast_cancer)', () =>
  replay(dataset('breast_cancer.csv'), {
    loss: {
      formula: 'max(0, m - (2*target - 1)*pred)^2 + 0.1*(sigmoid(pred) - target)^2 + 0.01*softplus(-pred)',
      m: 1,
    },
    optimizer: { name: 'rmsprop', lr: 0.01 },
    training: { epochs: 6, batchSize: 'full', shuffle: false, seed: 10 },
  }));

test('formula with clamp, min, max, sign, comparisons as numbers and a numeric ?: test (diabetes)', () =>
  replay(dataset('diabetes.csv'), {
    loss: {
      formula:
        'clamp(pred - target, -1.5, hi)^2 + 0.1*min(abs(pred - target), 1) + (pred > target)*0.2*(pred - target)' +
        ' + (target - pred)*(pred <= target)/10 + 0.01*sign(pred - target)*(pred - target)' +
        ' + (target > 0 ? 0 : 0.05*max(pred - target, -(pred - target))) + (sign(target) ? 0.01*(pred - target)^2 : 0)',
      hi: 1,
    },
    optimizer: { name: 'adam', lr: 0.02 },
    model: { hidden: [6], activation: 'relu' },
    training: { epochs: 6, batchSize: 32, seed: 11 },
  }));

test('formula with the smooth functions, powers and division + Adam (diabetes)', () =>
  replay(dataset('diabetes.csv'), {
    loss: {
      formula:
        'sqrt(1 + (pred - target)^2) - 1 + 0.05*(1 - cos(pred - target)) + 0.02*sin(pred)^2 + 0.1*tanh(pred - target)^2' +
        ' + 0.01*log1p(exp(-abs(pred))) + 1e-3*sinh(pred - target)^2/(1 + cosh(pred)) + 0.01*2^(-abs(pred)) - 0.01*exp(-(pred - target)^2)' +
        ' + .001*abs(pred)^1.5 + 0.01*log(1 + (pred - target)^2)',
    },
    optimizer: { name: 'adam', lr: 0.01 },
    model: { hidden: [8], activation: 'tanh' },
    training: { epochs: 6, batchSize: 64, seed: 12 },
  }));

/**
 * Runs `check` (Python, with `m` the exported script as a module and `out`, `y` drawn for `task`) and
 * returns its printed JSON.
 */
function inPython<T>(script: string, task: 'regression' | 'binary', check: string): T {
  const program = [
    'import importlib.util, json, sys',
    'import torch',
    'import torch.nn.functional as F',
    'spec = importlib.util.spec_from_file_location("exported", sys.argv[1])',
    'm = importlib.util.module_from_spec(spec)',
    'spec.loader.exec_module(m)',
    'torch.manual_seed(0)',
    // Outputs from small to large, with exact zeros and ties with the target; targets as the task has them.
    'out = torch.cat([torch.randn(200, 1) * 3, torch.randn(50, 1) * 40, torch.zeros(10, 1), torch.tensor([[800.0], [-800.0], [0.5], [-0.5]])])',
    task === 'binary'
      ? 'y = (torch.rand(out.shape[0]) > 0.5).to(torch.float64)'
      : 'y = torch.cat([torch.randn(out.shape[0] - 14, 1), out[-14:].clone()])',
    check,
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', program, script], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

/** The exported formula's loss and gradient against torch's own loss `reference` (Python, of out and y). */
async function sameAsTorch(
  csv: string,
  formula: Record<string, unknown>,
  task: 'regression' | 'binary',
  reference: string,
): Promise<void> {
  const { script } = await exported(csv, { loss: formula, training: { epochs: 1, seed: 1 } });
  const r = inPython<{ ours: number; torch: number; grad: number }>(
    script,
    task,
    [
      'def value_and_grad(f):',
      '    x = out.clone().requires_grad_(True)',
      '    loss = f(x, y)',
      '    loss.backward()',
      '    return loss.item(), x.grad',
      `a, ga = value_and_grad(m.loss_fn)`,
      `b, gb = value_and_grad(lambda out, y: ${reference})`,
      'print(json.dumps({"ours": a, "torch": b, "grad": (ga - gb).abs().max().item() / gb.abs().max().item()}))',
    ].join('\n'),
  );
  assert.ok(Math.abs(r.ours - r.torch) <= 1e-12 * Math.abs(r.torch), `loss: exported ${r.ours}, torch ${r.torch}`);
  assert.ok(r.grad <= 1e-12, `largest gradient difference, relative: ${r.grad}`);
}

test('formulas that spell out mse, huber and bce export to code that PyTorch evaluates as its own losses', async () => {
  const diabetes = dataset('diabetes.csv');
  const cancer = dataset('breast_cancer.csv');
  await sameAsTorch(diabetes, { formula: '(pred - target)^2' }, 'regression', 'F.mse_loss(out, y)');
  await sameAsTorch(
    diabetes,
    {
      formula: 'abs(pred - target) <= delta ? 0.5*(pred - target)^2 : delta*(abs(pred - target) - 0.5*delta)',
      delta: 0.5,
    },
    'regression',
    'F.huber_loss(out, y, delta=0.5)',
  );
  await sameAsTorch(
    cancer,
    { formula: 'softplus(pred) - target*pred' },
    'binary',
    'F.binary_cross_entropy_with_logits(out[:, 0], y)',
  );
  await sameAsTorch(
    cancer,
    { formula: 'max(pred, 0) - pred*target + log1p(exp(-abs(pred)))' },
    'binary',
    'F.binary_cross_entropy_with_logits(out[:, 0], y)',
  );
});
