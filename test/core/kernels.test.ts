import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACTIVATIONS } from '../../src/core/model/activations';
import { type KernelKind, type Kernels, createKernels } from '../../src/core/model/kernels';
import { Mlp } from '../../src/core/model/mlp';
import { Rng } from '../../src/core/rng';

const KINDS: KernelKind[] = ['wasm', 'js'];

/** Offset of element (r, c) of a matrix in panel layout (4-column panels of stride ps) starting at `base`. */
const panel = (base: number, ps: number) => (r: number, c: number) => base + (c >> 2) * ps + 4 * r + (c & 3);

/** Kernels of each kind over the same random heap. */
function heaps(size: number, seed: number): Kernels[] {
  return KINDS.map((kind) => {
    const k = createKernels(kind);
    k.reserve(size);
    const rng = new Rng(seed);
    for (let i = 0; i < size; i++) k.heap[i] = rng.normal();
    return k;
  });
}

const closeTo = (got: number, want: number, what: string) =>
  assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${what}: ${got}, by definition ${want}`);

test('WebAssembly SIMD kernels are available here, so models use them', () => {
  assert.equal(createKernels().kind, 'wasm');
  assert.equal(new Mlp([3, 2], 'relu').kernelKind, 'wasm');
  assert.equal(new Mlp([3, 2], 'relu', { kernels: 'js' }).kernelKind, 'js');
});

test('linear and inputGrad: the product by its definition, bias, ReLU and its mask; both kinds give the same bits', () => {
  for (const [m, n, k] of [
    [4, 4, 1],
    [8, 12, 7],
    [12, 8, 20],
    [4, 16, 33],
  ]) {
    const aps = 4 * m + 8;
    const bps = 4 * k + 4;
    const cps = 4 * m + 12;
    const A = panel(0, aps);
    const B = panel(5000, bps);
    const C = panel(10000, cps);
    const AUX = panel(15000, cps);
    const bias = 20000;
    for (const relu of [false, true]) {
      const ks = heaps(21000, m * 100 + n + k);
      const before = ks[0].heap.slice();
      for (const kk of ks) {
        kk.linear(0, aps, 5000, bps, bias, 10000, cps, m, n, k, relu);
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let s = before[bias + j];
            for (let p = 0; p < k; p++) s += before[A(i, p)] * before[B(p, j)];
            closeTo(
              kk.heap[C(i, j)],
              relu ? Math.max(s, 0) : s,
              `${kk.kind} linear ${m}×${n}×${k} relu ${relu} (${i}, ${j})`,
            );
          }
      }
      assert.deepEqual(
        ks[0].heap.subarray(0, 21000),
        ks[1].heap.subarray(0, 21000),
        `linear ${m}×${n}×${k} relu ${relu}: wasm and js differ`,
      );

      const gs = heaps(21000, m + n + k);
      const start = gs[0].heap.slice();
      for (const kk of gs) {
        kk.inputGrad(0, aps, 5000, bps, 10000, 15000, cps, m, n, k, relu);
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let p = 0; p < k; p++) s += start[A(i, p)] * start[B(p, j)];
            closeTo(
              kk.heap[C(i, j)],
              relu && !(start[AUX(i, j)] > 0) ? 0 : s,
              `${kk.kind} inputGrad ${m}×${n}×${k} (${i}, ${j})`,
            );
          }
      }
      assert.deepEqual(
        gs[0].heap.subarray(0, 21000),
        gs[1].heap.subarray(0, 21000),
        `inputGrad ${m}×${n}×${k} mask ${relu}: wasm and js differ`,
      );
    }
  }
});

test('weightGrad and biasGrad add Gᵀ·X and the column sums of G to what is there', () => {
  for (const [m, n, k] of [
    [4, 4, 1],
    [8, 12, 9],
    [64, 20, 37],
  ]) {
    const gps = 4 * k + 4;
    const xps = 4 * k + 8;
    const ldc = n + 3;
    const G = panel(0, gps);
    const X = panel(10000, xps);
    const c = 20000;
    const ks = heaps(26000, m * n + k);
    const before = ks[0].heap.slice();
    for (const kk of ks) {
      kk.weightGrad(0, gps, 10000, xps, c, ldc, m, n, k);
      kk.biasGrad(10000, xps, 25000, n, k);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = before[c + i * ldc + j];
          for (let p = 0; p < k; p++) s += before[G(p, i)] * before[X(p, j)];
          closeTo(kk.heap[c + i * ldc + j], s, `${kk.kind} weightGrad ${m}×${n}×${k} (${i}, ${j})`);
        }
      for (let j = 0; j < n; j++) {
        let s = before[25000 + j];
        for (let p = 0; p < k; p++) s += before[X(p, j)];
        closeTo(kk.heap[25000 + j], s, `${kk.kind} biasGrad column ${j}`);
      }
    }
    assert.deepEqual(
      ks[0].heap.subarray(0, 26000),
      ks[1].heap.subarray(0, 26000),
      `weightGrad ${m}×${n}×${k}: wasm and js differ`,
    );
  }
});

/** The MLP written out plainly: the reference for the padded, panel-layout passes. */
function plainForward(model: Mlp, x: Float64Array, rows: number): Float64Array {
  let inp = Array.from(x);
  model.layers.forEach((layer, l) => {
    const out: number[] = [];
    for (let r = 0; r < rows; r++)
      for (let o = 0; o < layer.outSize; o++) {
        let s = layer.bias[o];
        for (let i = 0; i < layer.inSize; i++) s += inp[r * layer.inSize + i] * layer.weight[o * layer.inSize + i];
        out.push(s);
      }
    inp = l < model.layers.length - 1 ? Array.from(out, (z) => activate(model, z)) : out;
  });
  return Float64Array.from(inp);
}

function activate(model: Mlp, z: number): number {
  const a = new Float64Array(1);
  model.activation.forward(Float64Array.of(z), a, 1);
  return a[0];
}

test('MLP passes over odd sizes and changing batch sizes: outputs by the plain formula, the same bits from both kernel kinds', () => {
  for (const act of ACTIVATIONS) {
    const models = KINDS.map((kind) => {
      const model = new Mlp([7, 13, 5, 3], act.id, { kernels: kind });
      model.init('xavier_normal', 4);
      return model;
    });
    const rng = new Rng(9);
    for (const rows of [5, 1, 4100, 3]) {
      const x = Float64Array.from({ length: rows * 7 }, () => rng.normal());
      const c = Float64Array.from({ length: rows * 3 }, () => rng.normal());
      const want = plainForward(models[0], x, rows);
      const results = models.map((model) => {
        const out = model.forward(x, rows).slice();
        out.forEach((v, i) => closeTo(v, want[i], `${act.id} ${model.kernelKind} rows ${rows} output ${i}`));
        model.grads.fill(0);
        model.backward(c, rows);
        return { out, grads: model.grads.slice() };
      });
      assert.deepEqual(results[0], results[1], `${act.id} rows ${rows}: wasm and js differ`);
    }
  }
});

test('with batch norm and dropout in training mode, over changing batch sizes, both kernel kinds give the same bits', () => {
  for (const act of ['relu', 'tanh']) {
    const models = KINDS.map((kind) => {
      const model = new Mlp([7, 13, 5, 3], act, {
        kernels: kind,
        batchNorm: { eps: 1e-5, momentum: 0.1 },
        dropout: 0.25,
      });
      model.init('xavier_normal', 4);
      return model;
    });
    const rng = new Rng(10);
    for (const rows of [5, 2, 4100, 3]) {
      const x = Float64Array.from({ length: rows * 7 }, () => rng.normal());
      const c = Float64Array.from({ length: rows * 3 }, () => rng.normal());
      const results = models.map((model) => {
        const out = model.forward(x, rows, true).slice();
        model.grads.fill(0);
        model.backward(c, rows);
        return { out, grads: model.grads.slice(), state: model.state.slice(), eval: model.forward(x, rows).slice() };
      });
      assert.ok(results[0].out.every(Number.isFinite) && results[0].grads.every(Number.isFinite));
      assert.deepEqual(results[0], results[1], `${act} rows ${rows}: wasm and js differ`);
    }
  }
});
