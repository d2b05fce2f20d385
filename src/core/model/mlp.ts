/**
 * A stack of dense layers over one flat parameter vector (and one flat gradient vector of the same
 * layout), so optimizers, clipping, norms and export are plain loops over a single Float64Array.
 *
 * Layout per layer, in order: weight [out][in] row-major (PyTorch's `nn.Linear.weight`), then bias [out].
 * The activation follows every layer but the last; the last layer's output is raw (logits, values,
 * embeddings) and the loss takes it from there.
 */
import { LossLabError } from '../errors';
import { Rng } from '../rng';
import { type Activation, getActivation } from './activations';
import { type InitId, initLayer } from './init';

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

export class Mlp {
  readonly params: Float64Array;
  readonly grads: Float64Array;
  readonly layers: LayerView[];
  readonly activation: Activation;
  /** Pre-activations z and activations a per layer for the last forward pass (capacity × out). */
  private z: Float64Array[] = [];
  private a: Float64Array[] = [];
  private delta: Float64Array[] = [];
  private capacity = 0;
  private input: Float64Array = new Float64Array(0);

  constructor(
    readonly sizes: readonly number[],
    activationId: string,
  ) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1))
      throw new LossLabError(`model sizes must be positive integers, got [${sizes.join(', ')}]`, { field: 'model.hidden' });
    this.activation = getActivation(activationId);
    let total = 0;
    for (let l = 1; l < sizes.length; l++) total += sizes[l] * sizes[l - 1] + sizes[l];
    this.params = new Float64Array(total);
    this.grads = new Float64Array(total);
    this.layers = [];
    let off = 0;
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
    }
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
      throw new LossLabError(`model.initial has ${initial.length} layers, the model has ${this.layers.length}`, { field: 'model.initial' });
    this.layers.forEach((layer, l) => {
      const { weight, bias } = initial[l];
      if (weight.length !== layer.outSize || weight.some((row) => row.length !== layer.inSize) || bias.length !== layer.outSize)
        throw new LossLabError(`model.initial[${l}] must be weight [${layer.outSize}][${layer.inSize}] and bias [${layer.outSize}]`, {
          field: `model.initial[${l}]`,
        });
      weight.forEach((row, o) => layer.weight.set(row, o * layer.inSize));
      layer.bias.set(bias);
    });
  }

  /** The parameters in PyTorch layout. */
  getParams(): LayerParams[] {
    return this.layers.map((layer) => ({
      weight: Array.from({ length: layer.outSize }, (_, o) => Array.from(layer.weight.subarray(o * layer.inSize, (o + 1) * layer.inSize))),
      bias: Array.from(layer.bias),
    }));
  }

  private ensureCapacity(rows: number): void {
    if (rows <= this.capacity) return;
    this.capacity = Math.max(rows, this.capacity * 2);
    this.z = this.layers.map((l) => new Float64Array(this.capacity * l.outSize));
    this.a = this.layers.map((l) => new Float64Array(this.capacity * l.outSize));
    this.delta = this.layers.map((l) => new Float64Array(this.capacity * l.inSize));
  }

  /**
   * Forward pass over `rows` rows of `x` (rows × inputSize, row-major). Returns the output (rows × outputSize),
   * a view into an internal buffer that stays valid until the next call; `backward` uses this pass.
   */
  forward(x: Float64Array, rows: number): Float64Array {
    this.ensureCapacity(rows);
    this.input = x;
    let inp = x;
    const last = this.layers.length - 1;
    for (let l = 0; l <= last; l++) {
      const { inSize, outSize, weight, bias } = this.layers[l];
      const z = this.z[l];
      for (let r = 0; r < rows; r++) {
        const xr = r * inSize;
        const zr = r * outSize;
        for (let o = 0; o < outSize; o++) {
          const wo = o * inSize;
          let s = bias[o];
          for (let i = 0; i < inSize; i++) s += inp[xr + i] * weight[wo + i];
          z[zr + o] = s;
        }
      }
      if (l < last) this.activation.forward(z, this.a[l], rows * outSize);
      inp = l < last ? this.a[l] : z;
    }
    return this.z[last].subarray(0, rows * this.outputSize);
  }

  /**
   * Backpropagates d loss / d output (rows × outputSize) through the last forward pass and ADDS the
   * parameter gradients into `grads` (callers zero them per step; accumulation over micro-batches is free).
   */
  backward(gradOut: Float64Array, rows: number): void {
    let dz = gradOut;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const { inSize, outSize, weight, gradWeight, gradBias } = this.layers[l];
      const inp = l === 0 ? this.input : this.a[l - 1];
      const dx = this.delta[l];
      const needDx = l > 0;
      if (needDx) dx.fill(0, 0, rows * inSize);
      for (let r = 0; r < rows; r++) {
        const xr = r * inSize;
        const zr = r * outSize;
        for (let o = 0; o < outSize; o++) {
          const g = dz[zr + o];
          if (g === 0) continue;
          gradBias[o] += g;
          const wo = o * inSize;
          for (let i = 0; i < inSize; i++) gradWeight[wo + i] += g * inp[xr + i];
          if (needDx) for (let i = 0; i < inSize; i++) dx[xr + i] += g * weight[wo + i];
        }
      }
      if (needDx) {
        this.activation.backward(this.z[l - 1], this.a[l - 1], dx, rows * inSize);
        dz = dx;
      }
    }
  }

  /** Euclidean norm of each layer's gradient (weight and bias together). */
  layerGradNorms(): number[] {
    return this.layers.map((layer) => {
      let s = 0;
      for (let i = layer.weightOffset; i < layer.biasOffset + layer.outSize; i++) s += this.grads[i] * this.grads[i];
      return Math.sqrt(s);
    });
  }
}
