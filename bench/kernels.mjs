// Kernel benchmark: the eight matrix products of one training step of an MLP 20-64-64-1 at batch 4096,
// each timed alone, Loss Lab's WebAssembly SIMD kernels (bench/kernels-ours.ts) against the same products
// in PyTorch (bench/kernels_torch.py), float64 on one thread each; the JavaScript kernels once beside
// them. Times are CPU time, since other work on the machine deschedules a process. Where bench/train.mjs
// times the whole loop, this says which products the gap is in. Runs alternate and the best of
// LOSSLAB_BENCH_REPS (default 3) counts. PyTorch is optional (see README.md).
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.mjs';
import { CACHE } from './data.mjs';
import { findPython } from './python.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPS = Number(process.env.LOSSLAB_BENCH_REPS ?? 3);
/**
 * Calls per timing (each product takes 0.05–2 ms and the clock counts microseconds), and timings per
 * process, the best counting.
 */
const CALLS = 50;
const INNER = 3;
const ROWS = 4096;
/** Multiply-adds of each product at its true size (Loss Lab pads the 1-wide layer to 4 and does more). */
const MACS = {
  'forward 1 (20→64, ReLU)': ROWS * 20 * 64,
  'forward 2 (64→64, ReLU)': ROWS * 64 * 64,
  'forward 3 (64→1)': ROWS * 64,
  'weight gradient 3': ROWS * 64,
  'input gradient 3 (ReLU mask)': ROWS * 64,
  'weight gradient 2': ROWS * 64 * 64,
  'input gradient 2 (ReLU mask)': ROWS * 64 * 64,
  'weight gradient 1': ROWS * 20 * 64,
};

const json = (text) => JSON.parse(text.trim().split('\n').at(-1));
const ours = (script, kind) =>
  json(execFileSync(process.execPath, [script, kind, String(INNER), String(CALLS)], { encoding: 'utf8' }));
const torch = (python) =>
  json(
    execFileSync(python, [join(ROOT, 'bench', 'kernels_torch.py'), String(INNER), String(CALLS)], { encoding: 'utf8' }),
  );

/** The best time of each product over rounds. */
function bestOf(rounds) {
  const best = {};
  for (const r of rounds)
    for (const [name, ms] of Object.entries(r.ms)) best[name] = Math.min(best[name] ?? Infinity, ms);
  return best;
}

const script = await bundle(join(ROOT, 'bench', 'kernels-ours.ts'), join(CACHE, 'build', 'kernels-ours.js'));
const python = findPython('torch');
console.log(
  `kernels: the 8 products of one step of an MLP 20-64-64-1 at batch ${ROWS}, float64, one thread, best of ${REPS}, load average ${loadavg()[0].toFixed(1)}` +
    (python ? '' : ' (PyTorch not found: set PYTHON to a python3 with torch for the peer)'),
);
const wasmRounds = [];
const torchRounds = [];
for (let rep = 0; rep < REPS; rep++) {
  wasmRounds.push(ours(script, 'wasm'));
  if (python) torchRounds.push(torch(python));
}
const wasm = bestOf(wasmRounds);
const js = bestOf([ours(script, 'js')]);
const peer = python ? bestOf(torchRounds) : null;
const gflops = (name, ms) => ((2 * MACS[name]) / ms / 1e6).toFixed(1);
const total = (t) => Object.values(t).reduce((a, b) => a + b, 0);
for (const name of Object.keys(MACS))
  console.log(
    `kernels ${name}: WebAssembly ${wasm[name].toFixed(3)} ms (${gflops(name, wasm[name])} GFLOP/s)` +
      (peer
        ? `, PyTorch ${peer[name].toFixed(3)} ms (${gflops(name, peer[name])} GFLOP/s), ratio ${(wasm[name] / peer[name]).toFixed(2)}`
        : '') +
      `, JavaScript ${js[name].toFixed(3)} ms`,
  );
console.log(
  `kernels, the whole step: WebAssembly ${total(wasm).toFixed(2)} ms` +
    (peer ? `, PyTorch ${total(peer).toFixed(2)} ms, ratio ${(total(wasm) / total(peer)).toFixed(2)}` : '') +
    `, JavaScript ${total(js).toFixed(2)} ms`,
);
