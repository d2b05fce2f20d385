// Training benchmark: `losslab train --json` (its timing.train_s: the epoch loop, CSV reading excluded)
// against the PyTorch peer in train_torch.py on the same CSV, both float64 on one thread: an MLP
// 20-64-64-1 with ReLU, Adam, MSE, 100k rows, 2 epochs, scored after each epoch. Runs alternate and the
// best of LOSSLAB_BENCH_REPS (default 3) counts, as other work on the machine only ever slows a run.
// Needs `npm run build` first; PyTorch is optional (see README.md here).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { numericCsv } from './data.mjs';
import { findPython } from './python.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const ROWS = 100_000;
const HIDDEN = [64, 64];
const EPOCHS = 2;
const LR = 0.001;
const BATCHES = [32, 4096];
const REPS = Number(process.env.LOSSLAB_BENCH_REPS ?? 3);

/**
 * Floating-point work of the matrix products, which is nearly all of it: per training row the forward
 * product, the weight gradient and (above the first layer) the input gradient, 2 flop per multiply-add;
 * per epoch one more forward pass over the rows scored.
 */
function flops(sizes) {
  let forward = 0;
  let inputGrads = 0;
  for (let l = 1; l < sizes.length; l++) {
    forward += 2 * sizes[l - 1] * sizes[l];
    if (l > 1) inputGrads += 2 * sizes[l - 1] * sizes[l];
  }
  return EPOCHS * ROWS * (2 * forward + inputGrads + forward);
}

function lastJsonLine(text) {
  return JSON.parse(text.trim().split('\n').at(-1));
}

function losslab(csv, batch, out, env = {}) {
  const args = [
    CLI,
    'train',
    csv,
    '--hidden',
    HIDDEN.join(','),
    '--optimizer',
    'adam',
    '--lr',
    String(LR),
    '--loss',
    'mse',
  ];
  args.push(
    '--epochs',
    String(EPOCHS),
    '--batch-size',
    String(batch),
    '--val-split',
    '0',
    '--json',
    '--quiet',
    '--out',
    out,
  );
  const r = lastJsonLine(
    execFileSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 26 }),
  );
  return r.timing.train_s;
}

function torch(python, csv, batch) {
  const script = join(ROOT, 'bench', 'train_torch.py');
  const args = [
    script,
    csv,
    '--batch-size',
    String(batch),
    '--epochs',
    String(EPOCHS),
    '--hidden',
    HIDDEN.join(','),
    '--lr',
    String(LR),
  ];
  return lastJsonLine(execFileSync(python, args, { encoding: 'utf8' })).train_s;
}

/**
 * Peak memory of `losslab train` on the 1M-row file (one epoch of a linear model, so that the data is
 * most of it): training reads the CSV as it streams, hashing the bytes on the way, so the file's text is
 * never held beside the columns. Needs GNU time for the peak.
 */
function memory(csv, out) {
  if (!existsSync('/usr/bin/time'))
    return console.log('train memory: /usr/bin/time not found, peak memory not measured');
  const args = [
    CLI,
    'train',
    csv,
    '--epochs',
    '1',
    '--batch-size',
    '4096',
    '--val-split',
    '0',
    '--json',
    '--quiet',
    '--out',
    out,
  ];
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`losslab train failed: ${r.stderr}`);
  const peak = Number(r.stderr.trim().split('\n').at(-1)) / 1024;
  const { timing } = lastJsonLine(r.stdout);
  console.log(
    `train memory: losslab train on ${csv} (linear, 1 epoch): peak RSS ${peak.toFixed(0)} MB; reading and building the data ${s(timing.load_s)}`,
  );
}

if (!existsSync(CLI)) {
  console.error('bench/train.mjs needs the built CLI: run npm run build first');
  process.exit(1);
}
const csv = await numericCsv(ROWS);
const python = findPython('torch');
const out = mkdtempSync(join(tmpdir(), 'losslab-bench-train-'));
const sizes = [20, ...HIDDEN, 1];
const gflop = flops(sizes) / 1e9;
const best = (xs) => Math.min(...xs);
const s = (t) => `${t.toFixed(2)} s`;
console.log(
  `train: ${ROWS} rows × 20 features, MLP ${sizes.join('-')} (ReLU), Adam, MSE, float64, ${EPOCHS} epochs each scored, one thread, best of ${REPS}` +
    (python ? '' : ' (PyTorch not found: set PYTHON to a python3 with torch for the peer)'),
);
try {
  for (const batch of BATCHES) {
    const ours = [];
    const theirs = [];
    for (let rep = 0; rep < REPS; rep++) {
      ours.push(losslab(csv, batch, out));
      if (python) theirs.push(torch(python, csv, batch));
    }
    const js = losslab(csv, batch, out, { LOSSLAB_KERNELS: 'js' });
    const t = best(ours);
    const peer = python ? best(theirs) : null;
    console.log(
      `train batch ${batch}: losslab ${s(t)}` +
        (peer === null ? '' : `, PyTorch ${s(peer)}, ratio ${(t / peer).toFixed(2)}`),
    );
    console.log(
      `train batch ${batch}: losslab ${(gflop / t).toFixed(1)} GFLOP/s` +
        (peer === null ? '' : `, PyTorch ${(gflop / peer).toFixed(1)} GFLOP/s`) +
        ` (${gflop.toFixed(2)} GFLOP of matrix products; the limit here is 16 FP64 flop per cycle per core)`,
    );
    console.log(
      `train batch ${batch}: losslab with the JavaScript kernels ${s(js)} (WebAssembly SIMD ${(js / t).toFixed(1)}× faster)`,
    );
  }
  memory(await numericCsv(), out);
} finally {
  rmSync(out, { recursive: true, force: true });
}
