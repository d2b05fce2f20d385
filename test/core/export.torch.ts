/**
 * The PyTorch export, run for real: each recorded run is exported, the script run with PyTorch, and its
 * per-epoch train and validation losses compared with the run's. Needs python3 with torch, so it is not
 * part of `npm test`: `tsc -p . && node --test out/test/core/export.torch.js` (LOSSLAB_PYTHON picks the
 * interpreter; default /usr/bin/python3).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { pytorchScript } from '../../src/core/export/pytorch';
import { readExportSource } from '../../src/core/export/source';
import { runTraining } from '../../src/core/run';
import { dataset, tempDir } from '../cli/run';

const PYTHON = process.env.LOSSLAB_PYTHON ?? '/usr/bin/python3';

async function replay(csv: string, raw: Record<string, unknown>): Promise<void> {
  const out = tempDir();
  const run = await runTraining(resolveRunConfig(raw, defaultConfig(csv)), { outDir: out });
  assert.ok(['completed', 'early_stopped'].includes(run.summary.status), run.summary.message ?? '');
  const script = join(out, 'replay.py');
  writeFileSync(script, pytorchScript(readExportSource(run.runDir!)));
  const r = spawnSync(PYTHON, [script], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const last = JSON.parse(lines.pop()!) as { train_loss: number[]; val_loss: (number | null)[] };
  const epochs = lines.map((l) => JSON.parse(l) as { epoch: number; train_loss: number; val_loss: number | null });
  const { trainLoss, valLoss } = run.summary.history;
  assert.equal(epochs.length, trainLoss.length, 'epochs run');
  // The last line repeats the per-epoch values as one history.
  assert.deepEqual(last, { train_loss: epochs.map((e) => e.train_loss), val_loss: epochs.map((e) => e.val_loss) });
  const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${what}: torch ${a}, Loss Lab ${b}`);
  epochs.forEach((e, i) => {
    close(e.train_loss, trainLoss[i], `epoch ${i + 1} train loss`);
    if (valLoss[i] === null) assert.equal(e.val_loss, null);
    else close(e.val_loss!, valLoss[i]!, `epoch ${i + 1} val loss`);
  });
}

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
    training: { epochs: 30, batchSize: 10, accumulate: 3, clipValue: 0.2, earlyStopping: { patience: 3, minDelta: 1e-4 }, seed: 2 },
  }));

test('huber + SGD, step decay, no validation split (diabetes)', () =>
  replay(dataset('diabetes.csv'), {
    data: { valSplit: 0 },
    loss: { name: 'huber', delta: 0.5 },
    optimizer: { name: 'sgd', lr: 0.05, nesterov: true, momentum: 0.8 },
    schedule: { name: 'step', gamma: 0.5 },
    training: { epochs: 6, batchSize: 64, seed: 4 },
  }));
