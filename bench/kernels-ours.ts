/**
 * Loss Lab's side of the kernel benchmark, bundled by kernels.mjs: the eight matrix products of one
 * training step of an MLP 20-64-64-1 at batch 4096, on the kernels' heap laid out as the model lays it
 * out (sizes padded to multiples of 4, panel layout, a panel stride one cache line past the rows).
 *   node kernels-ours.js KIND REPS CALLS   best milliseconds per call of each product, as JSON
 * Times are the process's CPU time (the machine is shared: time spent descheduled is not the kernels').
 */
import { type KernelKind, type Kernels, createKernels } from '../src/core/model/kernels';
import { Rng } from '../src/core/rng';

const ROWS = 4096;

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
const STRIDE = 4 * ROWS + 8;

/** Each product's call on `k`, with the heap offsets it reads and writes. */
function products(k: Kernels, at: Record<string, number>): Record<string, () => void> {
  const S = STRIDE;
  return {
    'forward 1 (20→64, ReLU)': () => k.linear(at.x, S, at.w1, 80, at.b1, at.h1, S, ROWS, 64, 20, true),
    'forward 2 (64→64, ReLU)': () => k.linear(at.h1, S, at.w2, 256, at.b2, at.h2, S, ROWS, 64, 64, true),
    'forward 3 (64→1)': () => k.linear(at.h2, S, at.w3, 256, at.b3, at.z3, S, ROWS, 4, 64, false),
    'weight gradient 3': () => k.weightGrad(at.d3, S, at.h2, S, at.g3, 64, 4, 64, ROWS),
    'input gradient 3 (ReLU mask)': () => k.inputGrad(at.d3, S, at.v3, 16, at.d2, at.h2, S, ROWS, 64, 1, true),
    'weight gradient 2': () => k.weightGrad(at.d2, S, at.h1, S, at.g2, 64, 64, 64, ROWS),
    'input gradient 2 (ReLU mask)': () => k.inputGrad(at.d2, S, at.v2, 256, at.d1, at.h1, S, ROWS, 64, 64, true),
    'weight gradient 1': () => k.weightGrad(at.d1, S, at.x, S, at.g1, 20, 64, 20, ROWS),
  };
}

function layout(): { at: Record<string, number>; size: number } {
  const panels = (width: number) => (width / 4) * STRIDE;
  const sizes: [string, number][] = [
    ['x', panels(20)],
    ['h1', panels(64)],
    ['h2', panels(64)],
    ['z3', panels(4)],
    ['d3', panels(4)],
    ['d2', panels(64)],
    ['d1', panels(64)],
    ['w1', 20 * 64],
    ['w2', 64 * 64],
    ['w3', 64 * 4],
    ['v2', 64 * 64],
    ['v3', 4 * 64],
    ['b1', 64],
    ['b2', 64],
    ['b3', 4],
    ['g1', 64 * 20],
    ['g2', 64 * 64],
    ['g3', 4 * 64],
  ];
  const at: Record<string, number> = {};
  let size = 0;
  for (const [name, doubles] of sizes) {
    at[name] = size;
    size += doubles;
  }
  return { at, size };
}

function main(kind: KernelKind, reps: number, calls: number): void {
  const k = createKernels(kind);
  const { at, size } = layout();
  k.reserve(size);
  const rng = new Rng(20240521);
  for (let i = 0; i < size; i++) k.heap[i] = rng.normal() * 0.1;
  const best: Record<string, number> = {};
  const ps = products(k, at);
  for (let rep = 0; rep < reps; rep++)
    for (const [name, run] of Object.entries(ps)) {
      run();
      const t0 = cpuMs();
      for (let c = 0; c < calls; c++) run();
      best[name] = Math.min(best[name] ?? Infinity, (cpuMs() - t0) / calls);
    }
  console.log(JSON.stringify({ kind: k.kind, ms: best }));
}

main(process.argv[2] as KernelKind, Number(process.argv[3] ?? 3), Number(process.argv[4] ?? 20));
