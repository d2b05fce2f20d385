/**
 * The dense kernels of the model: matrix products with the bias and ReLU fused in, over one heap of
 * doubles that holds every operand (so that one implementation can be WebAssembly over its memory).
 * Offsets and strides count doubles.
 *
 * Matrices are kept in panel layout: an R×N matrix (R and N multiples of 4) is N/4 panels of R rows ×
 * 4 columns, each row-major, so element (r, c) sits at (c >> 2)·ps + 4r + (c & 3) for a panel stride ps
 * ≥ 4R. A 4 × 4 tile is then 16 consecutive doubles, and every loop over the shared dimension of a
 * product walks memory forwards (a panel at a time), which keeps the large-batch products fed from cache.
 * The model pads its sizes to multiples of 4 with zeros, so no kernel has a ragged edge except along
 * the shared dimension.
 *
 * Two implementations give the same bits: WebAssembly SIMD (f64x2, `wasm/gemm.ts`), used wherever the
 * engine has it, and JavaScript with 4 × 2 register tiles, which applies ReLU in a pass right after the
 * product. Every sum runs bias first, then the shared index ascending, with separate multiply and add,
 * as a plain loop would. On a 2-core Zen 4 the WebAssembly products run at about 20 GFLOP/s and the
 * JavaScript ones at about 4, for every layer shape of a 20-64-64-1 network at batch 32 and 4096
 * (bench/train.mjs times both), so the WebAssembly kernels are used throughout.
 */
import { kernelModule } from './wasm/gemm';

export interface Kernels {
  readonly kind: 'wasm' | 'js';
  /** Every operand lives here; `reserve` may replace the array, so read it after reserving. */
  readonly heap: Float64Array;
  /** Makes the heap hold at least `doubles` values (contents kept). False when it cannot grow that far. */
  reserve(doubles: number): boolean;
  /** C[m×n] = bias[n] + A[m×k]·B[k×n], or with `relu` max(that, 0). */
  linear(
    a: number,
    aps: number,
    b: number,
    bps: number,
    bias: number,
    c: number,
    cps: number,
    m: number,
    n: number,
    k: number,
    relu: boolean,
  ): void;
  /**
   * C[m×n] = G[m×k]·W[k×n] (the gradient at a layer's input); with `reluMask`, C is zeroed where `act`
   * (C's panel stride) is not > 0, which is ReLU's backward (its output is > 0 exactly where its input is).
   */
  inputGrad(
    g: number,
    gps: number,
    w: number,
    wps: number,
    c: number,
    act: number,
    cps: number,
    m: number,
    n: number,
    k: number,
    reluMask: boolean,
  ): void;
  /** C[m×n] += G[k×m]ᵀ·X[k×n] summed over the k rows in order (a weight gradient); C row-major with stride ldc. */
  weightGrad(
    g: number,
    gps: number,
    x: number,
    xps: number,
    c: number,
    ldc: number,
    m: number,
    n: number,
    k: number,
  ): void;
  /** c[n] += the column sums of G[k×n], rows in order (a bias gradient). */
  biasGrad(g: number, gps: number, c: number, n: number, k: number): void;
}

class JsKernels implements Kernels {
  readonly kind = 'js';
  heap = new Float64Array(0);

  reserve(doubles: number): boolean {
    if (doubles > this.heap.length) {
      const next = new Float64Array(Math.max(doubles, Math.ceil(this.heap.length * 1.5)));
      next.set(this.heap);
      this.heap = next;
    }
    return true;
  }

  linear(
    a: number,
    aps: number,
    b: number,
    bps: number,
    bias: number,
    c: number,
    cps: number,
    m: number,
    n: number,
    k: number,
    relu: boolean,
  ): void {
    this.product(a, aps, b, bps, bias, c, cps, m, n, k);
    if (!relu) return;
    const h = this.heap;
    for (let panel = 0; panel < n >> 2; panel++)
      for (let at = c + panel * cps, end = at + 4 * m; at < end; at++) if (!(h[at] > 0)) h[at] = 0;
  }

  inputGrad(
    g: number,
    gps: number,
    w: number,
    wps: number,
    c: number,
    act: number,
    cps: number,
    m: number,
    n: number,
    k: number,
    reluMask: boolean,
  ): void {
    this.product(g, gps, w, wps, -1, c, cps, m, n, k);
    if (!reluMask) return;
    const h = this.heap;
    for (let panel = 0; panel < n >> 2; panel++)
      for (let at = panel * cps, end = at + 4 * m; at < end; at++) if (!(h[act + at] > 0)) h[c + at] = 0;
  }

  /** C = bias + A·B in 4-row × 2-column tiles; no bias when `bias` < 0. */
  private product(
    a: number,
    aps: number,
    b: number,
    bps: number,
    bias: number,
    c: number,
    cps: number,
    m: number,
    n: number,
    k: number,
  ): void {
    const h = this.heap;
    for (let i = 0; i < m; i += 4)
      for (let j = 0; j < n; j += 2) {
        const panel = j >> 2;
        const col = j & 3;
        const b0 = bias < 0 ? 0 : h[bias + j];
        const b1 = bias < 0 ? 0 : h[bias + j + 1];
        let c00 = b0,
          c01 = b1,
          c10 = b0,
          c11 = b1,
          c20 = b0,
          c21 = b1,
          c30 = b0,
          c31 = b1;
        // Along the rows of A: 4 steps inside a panel, then on to the same rows of the next panel.
        for (let p = 0, pb = b + panel * bps + col, start = a + 4 * i; p < k; start += aps) {
          for (let pa = start, stop = Math.min(p + 4, k); p < stop; p++, pa++, pb += 4) {
            const x0 = h[pa],
              x1 = h[pa + 4],
              x2 = h[pa + 8],
              x3 = h[pa + 12];
            const w0 = h[pb];
            const w1 = h[pb + 1];
            c00 += x0 * w0;
            c01 += x0 * w1;
            c10 += x1 * w0;
            c11 += x1 * w1;
            c20 += x2 * w0;
            c21 += x2 * w1;
            c30 += x3 * w0;
            c31 += x3 * w1;
          }
        }
        const o = c + panel * cps + 4 * i + col;
        h[o] = c00;
        h[o + 1] = c01;
        h[o + 4] = c10;
        h[o + 5] = c11;
        h[o + 8] = c20;
        h[o + 9] = c21;
        h[o + 12] = c30;
        h[o + 13] = c31;
      }
  }

  weightGrad(
    g: number,
    gps: number,
    x: number,
    xps: number,
    c: number,
    ldc: number,
    m: number,
    n: number,
    k: number,
  ): void {
    const h = this.heap;
    for (let i = 0; i < m; i += 4)
      for (let j = 0; j < n; j += 2) {
        const o = c + i * ldc + j;
        let c00 = h[o],
          c01 = h[o + 1],
          c10 = h[o + ldc],
          c11 = h[o + ldc + 1];
        let c20 = h[o + 2 * ldc],
          c21 = h[o + 2 * ldc + 1],
          c30 = h[o + 3 * ldc],
          c31 = h[o + 3 * ldc + 1];
        for (let p = 0, pg = g + (i >> 2) * gps, px = x + (j >> 2) * xps + (j & 3); p < k; p++, pg += 4, px += 4) {
          const x0 = h[px];
          const x1 = h[px + 1];
          const d0 = h[pg],
            d1 = h[pg + 1],
            d2 = h[pg + 2],
            d3 = h[pg + 3];
          c00 += d0 * x0;
          c01 += d0 * x1;
          c10 += d1 * x0;
          c11 += d1 * x1;
          c20 += d2 * x0;
          c21 += d2 * x1;
          c30 += d3 * x0;
          c31 += d3 * x1;
        }
        h[o] = c00;
        h[o + 1] = c01;
        h[o + ldc] = c10;
        h[o + ldc + 1] = c11;
        h[o + 2 * ldc] = c20;
        h[o + 2 * ldc + 1] = c21;
        h[o + 3 * ldc] = c30;
        h[o + 3 * ldc + 1] = c31;
      }
  }

  biasGrad(g: number, gps: number, c: number, n: number, k: number): void {
    const h = this.heap;
    for (let j = 0; j < n; j++) {
      let s = h[c + j];
      for (let p = 0, pg = g + (j >> 2) * gps + (j & 3); p < k; p++, pg += 4) s += h[pg];
      h[c + j] = s;
    }
  }
}

/** What the WebAssembly global offers here; typed locally so the core needs no DOM typings. */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
type Kernel = (...args: number[]) => void;

const PAGE_DOUBLES = 65536 / 8;

/** The compiled module, or null where WebAssembly SIMD is missing; compiled once per process. */
let compiled: object | null | undefined;
function wasmModule(): object | null {
  if (compiled === undefined) {
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    const bytes = kernelModule();
    compiled = api && api.validate(bytes) ? new api.Module(bytes) : null;
    if (compiled) warmUp(new WasmKernels(compiled));
  }
  return compiled;
}

/**
 * V8 first runs WebAssembly from its baseline compiler and optimizes a function once it has run for a
 * while, in the background. A first call on a large batch would run start to end unoptimized (about 5×
 * slower), so each kernel runs once on a 64 × 64 problem (a few milliseconds in all) as soon as the
 * module is compiled; the optimized code is then in place by the time training calls them.
 */
function warmUp(k: Kernels): void {
  const n = 64;
  const panels = 4 * n * n;
  k.reserve(5 * panels);
  k.linear(0, 4 * n, panels, 4 * n, 2 * panels, 3 * panels, 4 * n, n, n, n, false);
  k.linear(0, 4 * n, panels, 4 * n, 2 * panels, 3 * panels, 4 * n, n, n, n, true);
  k.inputGrad(0, 4 * n, panels, 4 * n, 3 * panels, 4 * panels, 4 * n, n, n, n, false);
  k.inputGrad(0, 4 * n, panels, 4 * n, 3 * panels, 4 * panels, 4 * n, n, n, n, true);
  k.weightGrad(0, 4 * n, panels, 4 * n, 3 * panels, n, n, n, n);
  for (let i = 0; i < 16; i++) k.biasGrad(0, 4 * n, 3 * panels, n, n);
}

class WasmKernels implements Kernels {
  readonly kind = 'wasm';
  heap: Float64Array;
  private memory: WasmMemory;
  private f: Record<'linear' | 'linear_relu' | 'input_grad' | 'input_grad_relu' | 'weight_grad' | 'bias_grad', Kernel>;

  constructor(module: object) {
    const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const { exports } = new api.Instance(module, {});
    this.memory = exports.memory as WasmMemory;
    this.f = exports as WasmKernels['f'];
    this.heap = new Float64Array(this.memory.buffer);
  }

  reserve(doubles: number): boolean {
    if (doubles <= this.heap.length) return true;
    const pages = Math.ceil((Math.max(doubles, this.heap.length * 1.5) - this.heap.length) / PAGE_DOUBLES);
    try {
      this.memory.grow(pages);
    } catch {
      return false;
    }
    this.heap = new Float64Array(this.memory.buffer);
    return true;
  }

  linear(
    a: number,
    aps: number,
    b: number,
    bps: number,
    bias: number,
    c: number,
    cps: number,
    m: number,
    n: number,
    k: number,
    relu: boolean,
  ): void {
    (relu ? this.f.linear_relu : this.f.linear)(a, aps, b, bps, bias, c, 0, cps, m, n, k);
  }

  inputGrad(
    g: number,
    gps: number,
    w: number,
    wps: number,
    c: number,
    act: number,
    cps: number,
    m: number,
    n: number,
    k: number,
    reluMask: boolean,
  ): void {
    (reluMask ? this.f.input_grad_relu : this.f.input_grad)(g, gps, w, wps, 0, c, act, cps, m, n, k);
  }

  weightGrad(
    g: number,
    gps: number,
    x: number,
    xps: number,
    c: number,
    ldc: number,
    m: number,
    n: number,
    k: number,
  ): void {
    this.f.weight_grad(g, gps, x, xps, c, ldc, m, n, k);
  }

  biasGrad(g: number, gps: number, c: number, n: number, k: number): void {
    this.f.bias_grad(g, gps, c, n, k);
  }
}

export type KernelKind = Kernels['kind'];

/** The kernels `createKernels` picks when not told: set once by the process's entry point (see src/io/env.ts). */
let preferred: KernelKind = 'wasm';

/** Makes `kind` the default of every later `createKernels()` in this thread (to compare the two, or rule WebAssembly out). */
export function preferKernels(kind: KernelKind): void {
  preferred = kind;
}

/** Fresh kernels with their own heap: WebAssembly SIMD where the engine has it (unless told otherwise), else JavaScript. */
export function createKernels(prefer: KernelKind = preferred): Kernels {
  const module = prefer === 'wasm' ? wasmModule() : null;
  if (module)
    try {
      return new WasmKernels(module);
    } catch {
      // No memory for one more instance: the JavaScript kernels compute the same.
    }
  return new JsKernels();
}
