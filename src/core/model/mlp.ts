/**
 * A stack of dense layers over one flat parameter vector (and one flat gradient vector of the same
 * layout), so optimizers, clipping, norms and export are plain loops over a single Float64Array.
 *
 * Layout per layer, in order: weight [out][in] row-major (PyTorch's `nn.Linear.weight`), then bias [out].
 * After the layers come the task's own parameters, if it has any (a multi-task run's learned log-variances):
 * trained by the same optimizer as the layers, read and differentiated by the loss, not by the passes.
 * The activation follows every layer but the last; the last layer's output is raw (logits, values,
 * embeddings) and the loss takes it from there.
 *
 * The passes run on the kernels' heap (`kernels.ts`), where every size is padded to a multiple of 4 with
 * zeros and matrices are in panel layout: each forward copies the weights in (in the two arrangements
 * the products read) and each backward adds the gradient it sums there into `grads`, so `params` and
 * `grads` stay plain arrays that anyone may read and write between passes.
 */
import { LossLabError } from '../errors';
import { Rng } from '../rng';
import { type Activation, getActivation } from './activations';
import { type InitId, initLayer } from './init';
import { type KernelKind, type Kernels, createKernels } from './kernels';
import { parameterCount } from './limits';

export interface LayerView {
  inSize: number;
  outSize: number;
  /** Offsets into the flat vectors. */
  weightOffset: number;
  biasOffset: number;
  weight: Float64Array;
  bias: Float64Array;
  gradWeight: Float64Array;
  gradBias: Float64Array;
}

/** Initial parameters in PyTorch layout, one entry per layer. */
export interface LayerParams {
  weight: number[][];
  bias: number[];
}

/** Where one layer's operands sit on the heap (offsets in doubles); sizes padded to multiples of 4. */
interface Slots {
  inPad: number;
  outPad: number;
  /** Weight as the forward product's right operand, in × out in panel layout (panel stride 4·inPad). */
  forwardWeight: number;
  /** Weight as the input gradient's right operand, out × in in panel layout (panel stride 4·outPad). */
  backwardWeight: number;
  bias: number;
  /** Gradients: weight out × in row-major (stride inPad), bias. */
  gradWeight: number;
  gradBias: number;
  /**
   * Per row of the batch, in panel layout: pre-activation, activation, d loss / d z. A fused ReLU keeps
   * only its output (its backward needs no more), and the last layer only its pre-activation: there
   * `act` is `z`.
   */
  z: number;
  act: number;
  dz: number;
}

const pad4 = (n: number) => (n + 3) & ~3;

export class Mlp {
  readonly params: Float64Array;
  readonly grads: Float64Array;
  readonly layers: LayerView[];
  /** The task's parameters after the layers' (views into `params` and `grads`). */
  readonly taskParams: Float64Array;
  readonly taskGrads: Float64Array;
  readonly activation: Activation;
  /** ReLU runs inside the products' kernels; other activations in a pass of their own. */
  private readonly fusedRelu: boolean;
  private kernels: Kernels;
  private slots: Slots[];
  /** The heap holds the weights, then the gradients (up to rowsStart), then the per-row buffers. */
  private gradientsStart: number;
  private rowsStart: number;
  private input = 0;
  /** Rows the per-row buffers hold (a multiple of 4) and their panel stride. */
  private capacity = 0;
  private stride = 0;
  /** Per-panel views of z, activation and dz for activations without a fused kernel: views[layer][panel]. */
  private views: { z: Float64Array; act: Float64Array; dz: Float64Array }[][] = [];
  private output = new Float64Array(0);
  private outputView = new Float64Array(0);

  constructor(
    readonly sizes: readonly number[],
    activationId: string,
    kernels?: KernelKind,
    /** How many task parameters follow the layers'. */
    taskParamCount = 0,
  ) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1))
      throw new LossLabError(`model sizes must be positive integers, got [${sizes.join(', ')}]`, {
        field: 'model.hidden',
      });
    this.activation = getActivation(activationId);
    this.fusedRelu = this.activation.id === 'relu';
    const total = parameterCount(sizes);
    this.params = new Float64Array(total + taskParamCount);
    this.grads = new Float64Array(total + taskParamCount);
    this.taskParams = this.params.subarray(total);
    this.taskGrads = this.grads.subarray(total);
    this.layers = [];
    this.slots = [];
    let off = 0;
    let heap = 0;
    const take = (doubles: number) => (heap += doubles) - doubles;
    for (let l = 1; l < sizes.length; l++) {
      const inSize = sizes[l - 1];
      const outSize = sizes[l];
      const w = off;
      const b = off + inSize * outSize;
      off = b + outSize;
      this.layers.push({
        inSize,
        outSize,
        weightOffset: w,
        biasOffset: b,
        weight: this.params.subarray(w, b),
        bias: this.params.subarray(b, off),
        gradWeight: this.grads.subarray(w, b),
        gradBias: this.grads.subarray(b, off),
      });
      const inPad = pad4(inSize);
      const outPad = pad4(outSize);
      this.slots.push({
        inPad,
        outPad,
        forwardWeight: take(inPad * outPad),
        backwardWeight: take(inPad * outPad),
        bias: take(outPad),
        gradWeight: 0,
        gradBias: 0,
        z: 0,
        act: 0,
        dz: 0,
      });
    }
    this.gradientsStart = heap;
    for (const s of this.slots) {
      s.gradWeight = take(s.inPad * s.outPad);
      s.gradBias = take(s.outPad);
    }
    this.rowsStart = heap;
    this.kernels = createKernels(kernels);
    this.reserve(heap);
  }

  /** Which kernels run the passes ('wasm' unless WebAssembly SIMD is missing or its memory ran out). */
  get kernelKind(): KernelKind {
    return this.kernels.kind;
  }

  get inputSize(): number {
    return this.sizes[0];
  }

  get outputSize(): number {
    return this.sizes[this.sizes.length - 1];
  }

  init(id: InitId, seed: number): void {
    const rng = new Rng(seed);
    for (const layer of this.layers) initLayer(id, layer.weight, layer.bias, layer.inSize, layer.outSize, rng);
  }

  /** Sets the parameters from PyTorch-layout arrays (checked against the architecture). */
  setParams(initial: readonly LayerParams[]): void {
    if (initial.length !== this.layers.length)
      throw new LossLabError(`model.initial has ${initial.length} layers, the model has ${this.layers.length}`, {
        field: 'model.initial',
      });
    this.layers.forEach((layer, l) => {
      const { weight, bias } = initial[l];
      if (
        weight.length !== layer.outSize ||
        weight.some((row) => row.length !== layer.inSize) ||
        bias.length !== layer.outSize
      )
        throw new LossLabError(
          `model.initial[${l}] must be weight [${layer.outSize}][${layer.inSize}] and bias [${layer.outSize}]`,
          {
            field: `model.initial[${l}]`,
          },
        );
      weight.forEach((row, o) => layer.weight.set(row, o * layer.inSize));
      layer.bias.set(bias);
    });
  }

  /** The parameters in PyTorch layout. */
  getParams(): LayerParams[] {
    return this.layers.map((layer) => ({
      weight: Array.from({ length: layer.outSize }, (_, o) =>
        Array.from(layer.weight.subarray(o * layer.inSize, (o + 1) * layer.inSize)),
      ),
      bias: Array.from(layer.bias),
    }));
  }

  /** Grows the heap; where WebAssembly memory cannot grow that far, moves to the JavaScript kernels. */
  private reserve(doubles: number): void {
    if (this.kernels.reserve(doubles)) return;
    this.kernels = createKernels('js');
    this.kernels.reserve(doubles);
  }

  /** Lays out the per-row buffers for at least `rows` rows (contents are not kept). */
  private ensureCapacity(rows: number): void {
    if (rows <= this.capacity) return;
    this.capacity = Math.max(pad4(rows), this.capacity * 2);
    // A panel stride one cache line past the rows, so that panels of a power-of-two batch do not all
    // fall into the same cache sets.
    this.stride = 4 * this.capacity + 8;
    let at = this.rowsStart;
    const take = (width: number) => (at += (width / 4) * this.stride) - (width / 4) * this.stride;
    this.input = take(this.slots[0].inPad);
    const last = this.slots.length - 1;
    for (const [l, s] of this.slots.entries()) {
      s.z = take(s.outPad);
      s.act = l < last && !this.fusedRelu ? take(s.outPad) : s.z;
      s.dz = take(s.outPad);
    }
    this.reserve(at);
    this.refreshViews();
    this.output = new Float64Array(this.capacity * this.outputSize);
    this.outputView = this.output.subarray(0, 0);
  }

  private refreshViews(): void {
    const heap = this.kernels.heap;
    const view = (start: number, p: number) => heap.subarray(start + p * this.stride, start + (p + 1) * this.stride);
    this.views = this.slots.map((s) =>
      Array.from({ length: s.outPad / 4 }, (_, p) => ({ z: view(s.z, p), act: view(s.act, p), dz: view(s.dz, p) })),
    );
  }

  /** Copies the weights into both arrangements the products read (padding stays zero). */
  private loadWeights(): void {
    const h = this.kernels.heap;
    const p = this.params;
    for (let l = 0; l < this.layers.length; l++) {
      const { inSize, outSize, weightOffset, biasOffset } = this.layers[l];
      const { inPad, outPad, forwardWeight, backwardWeight, bias } = this.slots[l];
      for (let o = 0, at = weightOffset; o < outSize; o++) {
        const fw = forwardWeight + (o >> 2) * 4 * inPad + (o & 3);
        const bw = backwardWeight + 4 * o;
        for (let i = 0; i < inSize; i++, at++) {
          h[fw + 4 * i] = p[at];
          h[bw + (i >> 2) * 4 * outPad + (i & 3)] = p[at];
        }
        h[bias + o] = p[biasOffset + o];
      }
    }
  }

  /** Copies a row-major rows × width matrix into panel layout at `at`, zero in the padding columns. */
  private loadRows(src: Float64Array, rows: number, width: number, at: number): void {
    const h = this.kernels.heap;
    const stride = this.stride;
    const whole = width & ~3;
    // Row by row and four columns (one panel row) at a time, so that the source is read in order and each
    // panel written in order: 3–4× faster than a column at a time, which walks the source once per column.
    for (let r = 0, from = 0; r < rows; r++) {
      let to = at + 4 * r;
      for (let c = 0; c < whole; c += 4, from += 4, to += stride) {
        h[to] = src[from];
        h[to + 1] = src[from + 1];
        h[to + 2] = src[from + 2];
        h[to + 3] = src[from + 3];
      }
      if (whole === width) continue;
      for (let c = 0; c < 4; c++) h[to + c] = whole + c < width ? src[from + c] : 0;
      from += width - whole;
    }
  }

  /**
   * Forward pass over `rows` rows of `x` (rows × inputSize, row-major). Returns the output (rows × outputSize),
   * a view into an internal buffer that stays valid until the next call; `backward` uses this pass.
   */
  forward(x: Float64Array, rows: number): Float64Array {
    this.ensureCapacity(rows);
    this.loadWeights();
    const m = pad4(rows);
    this.loadRows(x, rows, this.inputSize, this.input);
    const k = this.kernels;
    const relu = this.fusedRelu;
    const last = this.slots.length - 1;
    let inp = this.input;
    for (const [l, s] of this.slots.entries()) {
      const hidden = l < last;
      k.linear(
        inp,
        this.stride,
        s.forwardWeight,
        4 * s.inPad,
        s.bias,
        s.z,
        this.stride,
        m,
        s.outPad,
        this.layers[l].inSize,
        hidden && relu,
      );
      if (hidden && !relu) for (const v of this.views[l]) this.activation.forward(v.z, v.act, 4 * m);
      inp = s.act;
    }
    const out = this.output;
    const width = this.outputSize;
    const h = k.heap;
    for (let c = 0; c < width; c++) {
      const col = this.slots[last].z + (c >> 2) * this.stride + (c & 3);
      for (let r = 0; r < rows; r++) out[r * width + c] = h[col + 4 * r];
    }
    if (this.outputView.length !== rows * width) this.outputView = out.subarray(0, rows * width);
    return this.outputView;
  }

  /**
   * Backpropagates d loss / d output (rows × outputSize) through the last forward pass and ADDS the
   * parameter gradients into `grads` (callers zero them per step; accumulation over micro-batches is free).
   */
  backward(gradOut: Float64Array, rows: number): void {
    const k = this.kernels;
    const m = pad4(rows);
    const relu = this.fusedRelu;
    const last = this.slots.length - 1;
    // Summed from zero and then added, so a step's gradient is the same whatever the flat vector held.
    k.heap.fill(0, this.gradientsStart, this.rowsStart);
    this.loadRows(gradOut, rows, this.outputSize, this.slots[last].dz);
    for (let l = last; l >= 0; l--) {
      const s = this.slots[l];
      const inp = l === 0 ? this.input : this.slots[l - 1].act;
      k.weightGrad(s.dz, this.stride, inp, this.stride, s.gradWeight, s.inPad, s.outPad, s.inPad, rows);
      k.biasGrad(s.dz, this.stride, s.gradBias, s.outPad, rows);
      if (l === 0) continue;
      const below = this.slots[l - 1];
      k.inputGrad(
        s.dz,
        this.stride,
        s.backwardWeight,
        4 * s.outPad,
        below.dz,
        below.act,
        this.stride,
        m,
        s.inPad,
        this.layers[l].outSize,
        relu,
      );
      if (!relu) for (const v of this.views[l - 1]) this.activation.backward(v.z, v.act, v.dz, 4 * m);
    }
    this.addGradients();
  }

  /** Adds the gradient the kernels summed on the heap into the flat gradient. */
  private addGradients(): void {
    const h = this.kernels.heap;
    const g = this.grads;
    for (let l = 0; l < this.layers.length; l++) {
      const { inSize, outSize, weightOffset, biasOffset } = this.layers[l];
      const { inPad, gradWeight, gradBias } = this.slots[l];
      for (let o = 0, at = weightOffset; o < outSize; o++)
        for (let i = 0, from = gradWeight + o * inPad; i < inSize; i++, at++, from++) g[at] += h[from];
      for (let o = 0; o < outSize; o++) g[biasOffset + o] += h[gradBias + o];
    }
  }

  /** Euclidean norm of each layer's gradient (weight and bias together). */
  layerGradNorms(): number[] {
    const g = this.grads;
    const norms: number[] = [];
    for (const { weightOffset, biasOffset, outSize } of this.layers) {
      let s = 0;
      for (let i = weightOffset, end = biasOffset + outSize; i < end; i++) s += g[i] * g[i];
      norms.push(Math.sqrt(s));
    }
    return norms;
  }

  /** The norm of the task parameters' gradient (0 without any). */
  taskGradNorm(): number {
    let s = 0;
    for (const v of this.taskGrads) s += v * v;
    return Math.sqrt(s);
  }
}
