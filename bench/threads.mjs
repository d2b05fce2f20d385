// One run on both cores: `losslab train --threads 2` (each batch's rows split across two threads) against
// PyTorch on two threads (torch.set_num_threads(2), OpenBLAS on 2 threads) on the 1M-row file: an MLP
// 20-64-64-1 with ReLU, Adam, MSE, float64, batch 4096, one epoch, scored after it (timing.train_s against
// train_torch.py's train_s). Both also run on one thread, for each side's speed-up. Runs alternate and the
// best of LOSSLAB_BENCH_REPS (default 3) counts; the load average and the cores the machine gives two
// threads of plain arithmetic are printed beside the figures, before and after.
// Needs `npm run build` first; PyTorch is optional (see README.md here).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeCores } from './cores.mjs';
import { numericCsv } from './data.mjs';
import { findPython } from './python.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const HIDDEN = [64, 64];
const EPOCHS = 1;
const BATCH = 4096;
const LR = 0.001;
const REPS = Number(process.env.LOSSLAB_BENCH_REPS ?? 3);

function lastJsonLine(text) {
  return JSON.parse(text.trim().split('\n').at(-1));
}

function losslab(csv, threads, out) {
  const args = [CLI, 'train', csv, '--hidden', HIDDEN.join(','), '--optimizer', 'adam', '--lr', String(LR)];
  args.push('--loss', 'mse', '--epochs', String(EPOCHS), '--batch-size', String(BATCH), '--val-split', '0');
  args.push('--threads', String(threads), '--json', '--quiet', '--out', out);
  const r = lastJsonLine(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 }));
  return { seconds: r.timing.train_s, loss: r.history.train_loss.at(-1) };
}

function torch(python, csv, threads) {
  const args = [join(ROOT, 'bench', 'train_torch.py'), csv, '--batch-size', String(BATCH), '--epochs', String(EPOCHS)];
  args.push('--hidden', HIDDEN.join(','), '--lr', String(LR), '--threads', String(threads));
  const r = lastJsonLine(execFileSync(python, args, { encoding: 'utf8' }));
  return { seconds: r.train_s, loss: r.train_loss };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

if (!existsSync(CLI)) {
  console.error('bench/threads.mjs needs the built CLI: run npm run build first');
  process.exit(1);
}
const csv = await numericCsv();
const python = findPython('torch');
const out = mkdtempSync(join(tmpdir(), 'losslab-bench-threads-'));
const s = (t) => `${t.toFixed(2)} s`;
console.log(
  `threads: ${csv}, MLP ${[20, ...HIDDEN, 1].join('-')} (ReLU), Adam, MSE, float64, batch ${BATCH}, ${EPOCHS} epoch scored, best of ${REPS}` +
    (python ? '' : ' (PyTorch not found: set PYTHON to a python3 with torch for the peer)'),
);
console.log(
  `threads: before, load average ${load()}; two threads of plain arithmetic ${(await freeCores()).toFixed(2)}× one`,
);
try {
  const times = { ours1: [], ours2: [], torch1: [], torch2: [] };
  const losses = {};
  for (let rep = 0; rep < REPS; rep++) {
    for (const threads of [2, 1]) {
      const r = losslab(csv, threads, out);
      times[`ours${threads}`].push(r.seconds);
      losses[`ours${threads}`] = r.loss;
      if (!python) continue;
      const t = torch(python, csv, threads);
      times[`torch${threads}`].push(t.seconds);
      losses[`torch${threads}`] = t.loss;
    }
  }
  const best = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.length ? Math.min(...v) : null]));
  console.log(
    `threads 2: losslab ${s(best.ours2)}` +
      (python ? `, PyTorch ${s(best.torch2)}, ratio ${(best.ours2 / best.torch2).toFixed(2)} (goal ≤ 1.0)` : ''),
  );
  console.log(
    `threads 1: losslab ${s(best.ours1)}` +
      (python ? `, PyTorch ${s(best.torch1)}, ratio ${(best.ours1 / best.torch1).toFixed(2)}` : ''),
  );
  // PyTorch's threads spin while they wait for each other: when other work holds the cores, two of them can be
  // many times slower than one, so the ratio against its faster thread count is printed too.
  if (python) {
    const peer = Math.min(best.torch1, best.torch2);
    console.log(
      `threads 2: losslab ${s(best.ours2)} against PyTorch's faster of 1 and 2 threads ${s(peer)}: ratio ${(best.ours2 / peer).toFixed(2)}`,
    );
  }
  console.log(
    `threads: two threads ${(best.ours1 / best.ours2).toFixed(2)}× as fast as one for losslab` +
      (python ? `, ${(best.torch1 / best.torch2).toFixed(2)}× for PyTorch` : ''),
  );
  console.log(
    `threads: the epoch's mean training loss, losslab ${losses.ours1} on one thread, ${losses.ours2} on two` +
      (python ? `; PyTorch ${losses.torch1}, ${losses.torch2} (its own initial weights)` : ''),
  );
  console.log(
    `threads: after, load average ${load()}; two threads of plain arithmetic ${(await freeCores()).toFixed(2)}× one`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
