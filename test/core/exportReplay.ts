/**
 * Replaying an exported run with PyTorch: the run trained and exported, the script run with python3 and
 * torch (LOSSLAB_PYTHON picks the interpreter; default /usr/bin/python3), and its per-epoch train and
 * validation losses (and pretraining's) compared with the run's to 1e-6.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { pytorchScript } from '../../src/core/export/pytorch';
import { readExportSource } from '../../src/io/exportSource';
import { runTraining } from '../../src/runs/runTraining';
import { tempDir } from '../cli/run';

export const PYTHON = process.env.LOSSLAB_PYTHON ?? '/usr/bin/python3';

/** Trains the run `raw` on `csv` and exports it; returns the run and the script's path. */
export async function exported(csv: string, raw: Record<string, unknown>) {
  const out = tempDir();
  const run = await runTraining(resolveRunConfig(raw, defaultConfig(csv)), { outDir: out });
  assert.ok(['completed', 'early_stopped'].includes(run.summary.status), run.summary.message ?? '');
  const script = join(out, 'replay.py');
  writeFileSync(script, pytorchScript(readExportSource(run.runDir!)));
  return { run, script };
}

export async function replay(csv: string, raw: Record<string, unknown>): Promise<void> {
  const { run, script } = await exported(csv, raw);
  const r = spawnSync(PYTHON, [script], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const last = JSON.parse(lines.pop()!) as {
    train_loss: number[];
    val_loss: (number | null)[];
    pretrain_loss?: number[];
  };
  const printed = lines.map((l) => JSON.parse(l) as Record<string, number | null>);
  const epochs = printed.filter((e) => 'epoch' in e) as {
    epoch: number;
    train_loss: number;
    val_loss: number | null;
  }[];
  const pretrained = printed.filter((e) => 'pretrain_epoch' in e).map((e) => e.loss!);
  const { trainLoss, valLoss } = run.summary.history;
  assert.equal(epochs.length, trainLoss.length, 'epochs run');
  // The last line repeats the per-epoch values as one history (with pretraining's, for a run that pretrains).
  const history = { train_loss: epochs.map((e) => e.train_loss), val_loss: epochs.map((e) => e.val_loss) };
  assert.deepEqual(last, pretrained.length ? { pretrain_loss: pretrained, ...history } : history);
  const close = (a: number, b: number, what: string) =>
    assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${what}: torch ${a}, Loss Lab ${b}`);
  const pretrain = run.summary.pretrain?.history.loss ?? [];
  assert.equal(pretrained.length, pretrain.length, 'pretraining epochs');
  pretrained.forEach((v, i) => close(v, pretrain[i], `pretraining epoch ${i + 1} loss`));
  epochs.forEach((e, i) => {
    close(e.train_loss, trainLoss[i], `epoch ${i + 1} train loss`);
    if (valLoss[i] === null) assert.equal(e.val_loss, null);
    else close(e.val_loss!, valLoss[i]!, `epoch ${i + 1} val loss`);
  });
}
