/**
 * A stack of dense layers over one flat parameter vector (and one flat gradient vector of the same
 * layout), so optimizers, clipping, norms and export are plain loops over a single Float64Array.
 *
 * A hidden layer is PyTorch's usual Linear → BatchNorm1d → activation → Dropout, batch norm and dropout
 * each optional (`MlpOptions`); the last layer is Linear only, its output raw (logits, values,
 * embeddings), and the loss takes it from there.
 *
 * Layout per layer, in order (that of PyTorch's `model.parameters()`): weight [out][in] row-major
 * (`nn.Linear.weight`), bias [out], then with batch norm, in hidden layers, its weight [out] and bias [out]
 * (`nn.BatchNorm1d.weight`, `.bias`). Running statistics are state, not parameters: `state` holds each
 * batch-norm layer's running mean [out] then running variance [out], in layer order.
 *
 * Like PyTorch's `train()` and `eval()`, the mode is the forward pass's: a training pass (a step)
 * normalises with the batch's statistics, updates the running ones and drops units with masks drawn
 * from `dropoutRng`; an evaluation pass (the default) normalises with the running statistics and keeps
 * every unit. `backward` differentiates the last pass in its mode.
 *
 * After the layers come the task's own parameters, if it has any (a multi-task run's learned
 * log-variances): trained by the same optimizer as the layers, read and differentiated by the loss, not by
 * the passes.
 *
 * The passes run on the kernels' heap (`kernels.ts`), where every size is padded to a multiple of 4 with
 * zeros and matrices are in panel layout: each forward copies the weights in (in the two arrangements
 * the products read) and each backward adds the gradient it sums there into `grads`, so `params` and
 * `grads` stay plain arrays that anyone may read and write between passes.
 */
import { LossLabError } from '../errors';
import { Rng } from '../rng';
import { type Activation, getActivation } from './activations';
import { type BatchNormTensors, PanelBatchNorm } from './batchNorm';
import { drawPanelMask } from './dropout';
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
  /** The batch norm after this layer's Linear, if any (hidden layers of a model with batch norm). */
  bn: BatchNormView | null;
}

/** A batch-norm layer's views: parameters and gradients (at these offsets of the flat vectors) and running statistics. */
export interface BatchNormView extends BatchNormTensors {
  weightOffset: number;
  biasOffset: number;
}

/** Initial parameters in PyTorch layout, one entry per layer. */
export interface LayerParams {
  weight: number[][];
  bias: number[];
  /** A hidden layer's batch norm: `nn.BatchNorm1d`'s parameters and running statistics, each [out]. */
  bn?: BatchNormParams;
}

export interface BatchNormParams {
  weight: number[];
  bias: number[];
  running_mean: number[];
  running_var: number[];
}

export interface MlpOptions {
  /** BatchNorm1d after each hidden Linear layer, with these settings; none when null or absent. */
  batchNorm?: { eps: number; momentum: number } | null;
  /** Inverted dropout after each hidden activation with this probability, in [0, 1) (default 0: none). */
  dropout?: number;
  /** Seeds `dropoutRng` (default 0). */
  dropoutSeed?: number;
  /** Which kernels run the products (default: `createKernels`'s choice). */
  kernels?: KernelKind;
  /** How many task parameters follow the layers' (default 0). */
  taskParams?: number;
  /** leaky_relu's slope for x < 0 (default 0.01). */
  negativeSlope?: number;
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
   * Per row of the batch, in panel layout: the Linear output z, the activation's input `pre` (batch norm's
   * output, else z), the activation `act`, the dropout mask (already scaled) and output `out`, and
   * d loss / d z. A buffer a layer does not need is the one before it: without batch norm `pre` is `z`; a
   * fused ReLU keeps only its output (its backward needs no more), so `act` is `z`; without dropout `out`
   * is `act` (`mask` is -1); the last layer keeps only z.
   */
  z: number;
  pre: number;
  act: number;
  mask: number;
  out: number;
  dz: number;
}

const pad4 = (n: number) => (n + 3) & ~3;

export class Mlp {
  readonly params: Float64Array;
  readonly grads: Float64Array;
  /** Running statistics of the batch-norm layers (see the layout above); empty without batch norm. */
  readonly state: Float64Array;
  readonly layers: LayerView[];
  /** The task's parameters after the layers' (views into `params` and `grads`). */
  readonly taskParams: Float64Array;
  readonly taskGrads: Float64Array;
  readonly activation: Activation;
  /** Dropout probability after each hidden activation (0: none). */
  readonly dropout: number;
  /** Where a training pass draws its dropout masks: layer by layer, each row by row. */
  dropoutRng: Rng;
  /** ReLU runs inside the products' kernels (without batch norm between them); other activations in a pass of their own. */
  private readonly fusedRelu: boolean;
  /** Each layer's batch norm, or null. */
  private readonly norms: (PanelBatchNorm | null)[] = [];
  /** The mode of the last forward pass, which `backward` differentiates. */
  private training = false;
  private kernels: Kernels;
  private slots: Slots[];
  /** The heap holds the weights, then the gradients (up to rowsStart), then the per-row buffers. */
  private gradientsStart: number;
  private rowsStart: number;
  private input = 0;
  /** Rows the per-row buffers hold (a multiple of 4) and their panel stride. */
  private capacity = 0;
  private stride = 0;
  /** Per-panel views of pre, act and dz for activations without a fused kernel: views[layer][panel]. */
  private views: { pre: Float64Array; act: Float64Array; dz: Float64Array }[][] = [];
  private output = new Float64Array(0);
  private outputView = new Float64Array(0);

  constructor(
    readonly sizes: readonly number[],
    activationId: string,
    readonly options: MlpOptions = {},
  ) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1))
      throw new LossLabError(`model sizes must be positive integers, got [${sizes.join(', ')}]`, {
        field: 'model.hidden',
      });
    this.activation = getActivation(activationId, 'model.activation', options.negativeSlope);
    this.dropout = options.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout < 1))
      throw new LossLabError(`model.dropout must be in [0, 1), got ${this.dropout}`, { field: 'model.dropout' });
    this.dropoutRng = new Rng(options.dropoutSeed ?? 0);
    const bn = options.batchNorm ?? null;
    this.fusedRelu = this.activation.id === 'relu' && !bn;
    const normed = bn ? sizes.slice(1, -1).reduce((a, b) => a + b, 0) : 0;
    const total = parameterCount(sizes) + 2 * normed;
    const taskParamCount = options.taskParams ?? 0;
    this.params = new Float64Array(total + taskParamCount);
    this.grads = new Float64Array(total + taskParamCount);
    this.taskParams = this.params.subarray(total);
    this.taskGrads = this.grads.subarray(total);
    this.state = new Float64Array(2 * normed);
    this.layers = [];
    this.slots = [];
    let off = 0;
    let stateOff = 0;
    let heap = 0;
    const take = (doubles: number) => (heap += doubles) - doubles;
    for (let l = 1; l < sizes.length; l++) {
      const inSize = sizes[l - 1];
      const outSize = sizes[l];
      const w = off;
      const b = off + inSize * outSize;
      off = b + outSize;
      let view: BatchNormView | null = null;
      if (bn && l < sizes.length - 1) {
        view = this.batchNormView(off, stateOff, outSize);
        off += 2 * outSize;
        stateOff += 2 * outSize;
      }
      this.norms.push(bn && view ? new PanelBatchNorm(outSize, bn, view) : null);
      this.layers.push({
        inSize,
        outSize,
        weightOffset: w,
        biasOffset: b,
        weight: this.params.subarray(w, b),
        bias: this.params.subarray(b, b + outSize),
        gradWeight: this.grads.subarray(w, b),
        gradBias: this.grads.subarray(b, b + outSize),
        bn: view,
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
        pre: 0,
        act: 0,
        mask: -1,
        out: 0,
        dz: 0,
      });
    }
    this.resetBatchNorm();
    this.gradientsStart = heap;
    for (const s of this.slots) {
      s.gradWeight = take(s.inPad * s.outPad);
      s.gradBias = take(s.outPad);
    }
    this.rowsStart = heap;
    this.kernels = createKernels(options.kernels);
    this.reserve(heap);
  }

  /** The views of a batch-norm layer of `size` features whose weight starts at `at` and running mean at `stateAt`. */
  private batchNormView(at: number, stateAt: number, size: number): BatchNormView {
    const [w, b, end] = [at, at + size, at + 2 * size];
    return {
      weightOffset: w,
      biasOffset: b,
      weight: this.params.subarray(w, b),
      bias: this.params.subarray(b, end),
      gradWeight: this.grads.subarray(w, b),
      gradBias: this.grads.subarray(b, end),
      runningMean: this.state.subarray(stateAt, stateAt + size),
      runningVar: this.state.subarray(stateAt + size, stateAt + 2 * size),
    };
  }

  /** `nn.BatchNorm1d`'s fresh state: weight 1, bias 0, running mean 0, running variance 1. */
  private resetBatchNorm(): void {
    for (const { bn } of this.layers) {
      if (!bn) continue;
      bn.weight.fill(1);
      bn.bias.fill(0);
      bn.runningMean.fill(0);
      bn.runningVar.fill(1);
    }
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
    this.resetBatchNorm();
  }

  /**
   * Sets the parameters (and running statistics) from PyTorch-layout arrays, checked against the
   * architecture; a batch norm without a `bn` entry starts fresh.
   */
  setParams(initial: readonly LayerParams[]): void {
    if (initial.length !== this.layers.length)
      throw new LossLabError(`model.initial has ${initial.length} layers, the model has ${this.layers.length}`, {
        field: 'model.initial',
      });
    this.resetBatchNorm();
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
      const { bn } = initial[l];
      if (bn !== undefined) setBatchNorm(layer, bn, `model.initial[${l}].bn`);
    });
  }

  /** The parameters in PyTorch layout, with each batch norm's running statistics. */
  getParams(): LayerParams[] {
    return this.layers.map((layer) => ({
      weight: Array.from({ length: layer.outSize }, (_, o) =>
        Array.from(layer.weight.subarray(o * layer.inSize, (o + 1) * layer.inSize)),
      ),
      bias: Array.from(layer.bias),
      ...(layer.bn && {
        bn: {
          weight: Array.from(layer.bn.weight),
          bias: Array.from(layer.bn.bias),
          running_mean: Array.from(layer.bn.runningMean),
          running_var: Array.from(layer.bn.runningVar),
        },
      }),
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
    const dropout = this.dropout > 0;
    for (const [l, s] of this.slots.entries()) {
      const hidden = l < last;
      s.z = take(s.outPad);
      s.pre = hidden && this.norms[l] ? take(s.outPad) : s.z;
      s.act = hidden && !this.fusedRelu ? take(s.outPad) : s.pre;
      s.mask = hidden && dropout ? take(s.outPad) : -1;
      s.out = hidden && dropout ? take(s.outPad) : s.act;
      s.dz = take(s.outPad);
    }
    this.reserve(at);
    // Masks are drawn over the batch's rows and columns only; their padding must multiply to zero.
    for (const s of this.slots)
      if (s.mask >= 0) this.kernels.heap.fill(0, s.mask, s.mask + (s.outPad / 4) * this.stride);
    this.refreshViews();
    this.output = new Float64Array(this.capacity * this.outputSize);
    this.outputView = this.output.subarray(0, 0);
  }

  private refreshViews(): void {
    const heap = this.kernels.heap;
    const view = (start: number, p: number) => heap.subarray(start + p * this.stride, start + (p + 1) * this.stride);
    this.views = this.slots.map((s) =>
      Array.from({ length: s.outPad / 4 }, (_, p) => ({ pre: view(s.pre, p), act: view(s.act, p), dz: view(s.dz, p) })),
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
   * Forward pass over `rows` rows of `x` (rows × inputSize, row-major), in training mode or (by default)
   * evaluation mode. Returns the output (rows × outputSize), a view into an internal buffer that stays
   * valid until the next call; `backward` uses this pass.
   */
  forward(x: Float64Array, rows: number, training = false): Float64Array {
    this.ensureCapacity(rows);
    this.loadWeights();
    this.training = training;
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
      inp = hidden ? this.hiddenForward(l, rows) : s.z;
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

  /** Batch norm, the activation (unless fused) and dropout of hidden layer `l`; where the next layer's input is. */
  private hiddenForward(l: number, rows: number): number {
    const s = this.slots[l];
    this.norms[l]?.forward(this.kernels.heap, s.z, s.pre, this.stride, rows, s.outPad, this.training);
    if (!this.fusedRelu) for (const v of this.views[l]) this.activation.forward(v.pre, v.act, 4 * pad4(rows));
    if (!this.dropping) return s.act;
    drawPanelMask(this.kernels.heap, s.mask, this.stride, rows, this.layers[l].outSize, this.dropout, this.dropoutRng);
    this.multiply(s.act, s.mask, s.out, s.outPad, rows);
    return s.out;
  }

  /** Whether the last forward pass dropped units. */
  private get dropping(): boolean {
    return this.training && this.dropout > 0;
  }

  /** The input the last forward pass gave layer `l`. */
  private inputOf(l: number): number {
    if (l === 0) return this.input;
    const below = this.slots[l - 1];
    return this.dropping ? below.out : below.act;
  }

  /** dst = a ∘ b elementwise over one layer's per-row panels (`dst` may be `a`). */
  private multiply(a: number, b: number, dst: number, width: number, rows: number): void {
    const h = this.kernels.heap;
    const len = 4 * pad4(rows);
    for (let p = 0; p < width / 4; p++)
      for (let i = p * this.stride, end = i + len; i < end; i++) h[dst + i] = h[a + i] * h[b + i];
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
      const inp = this.inputOf(l);
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
      this.hiddenBackward(l - 1, rows);
    }
    this.addGradients();
  }

  /**
   * From d loss / d (hidden layer `l`'s output) at its dz, back through dropout, the activation (unless the
   * product fused it) and batch norm, to d loss / d z; batch norm adds its parameters' gradients.
   */
  private hiddenBackward(l: number, rows: number): void {
    const s = this.slots[l];
    if (this.dropping) this.multiply(s.dz, s.mask, s.dz, s.outPad, rows);
    if (!this.fusedRelu) for (const v of this.views[l]) this.activation.backward(v.pre, v.act, v.dz, 4 * pad4(rows));
    this.norms[l]?.backward(this.kernels.heap, s.z, s.dz, this.stride, rows);
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

  /**
   * d loss / d input of the last `backward` (rows × inputSize, a new array): for a network fed by another
   * one, whose gradient flows on through it (a VAE's decoder into its latent code).
   */
  inputGradient(rows: number): Float64Array {
    const s = this.slots[0];
    const { inSize, outSize, weight } = this.layers[0];
    const h = this.kernels.heap;
    const g = new Float64Array(rows * inSize);
    for (let r = 0; r < rows; r++)
      for (let o = 0; o < outSize; o++) {
        const dz = h[s.dz + (o >> 2) * this.stride + 4 * r + (o & 3)];
        for (let i = 0; i < inSize; i++) g[r * inSize + i] += dz * weight[o * inSize + i];
      }
    return g;
  }

  /** Euclidean norm of each layer's gradient (weight and bias together, and its batch norm's). */
  layerGradNorms(): number[] {
    const g = this.grads;
    const norms: number[] = [];
    for (const { weightOffset, biasOffset, outSize, bn } of this.layers) {
      let s = 0;
      for (let i = weightOffset, end = (bn ? bn.biasOffset : biasOffset) + outSize; i < end; i++) s += g[i] * g[i];
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

/** Sets a layer's batch norm from `bn` (PyTorch's names), checking that it has one and the sizes. */
function setBatchNorm(layer: LayerView, bn: BatchNormParams, field: string): void {
  const size = layer.outSize;
  if (!layer.bn)
    throw new LossLabError(
      `${field}: this layer has no batch norm (it is the output layer, or model.batchNorm is off)`,
      {
        field,
      },
    );
  const parts = [bn.weight, bn.bias, bn.running_mean, bn.running_var];
  if (parts.some((p) => !Array.isArray(p) || p.length !== size))
    throw new LossLabError(`${field} must be {weight, bias, running_mean, running_var}, each of ${size} numbers`, {
      field,
    });
  layer.bn.weight.set(bn.weight);
  layer.bn.bias.set(bn.bias);
  layer.bn.runningMean.set(bn.running_mean);
  layer.bn.runningVar.set(bn.running_var);
}
