/**
 * The gradient of a function of an MLP's input gradient with respect to its weights (a double backward):
 * what a WGAN-GP critic's gradient penalty
 * (Gulrajani et al., 2017) needs, gp = mean_n (‖∂C(x̂_n)/∂x̂_n‖₂ − 1)².
 *
 * With z_l = W_l a_l + b_l, a_{l+1} = f(z_l) and the output C = z_L, the backward pass from an upstream
 * gradient δ_L is g_l = W_lᵀ δ_l (the gradient at layer l's input) and δ_{l−1} = g_l ⊙ f'(z_{l−1}), down to
 * the input gradient g_0. Differentiating that pass once more with ū_0 = ∂gp/∂g_0:
 *   ∂/∂W_l += δ_l ū_lᵀ,  v_l = W_l ū_l,  ū_{l+1} = v_l ⊙ f'(z_l),  r_l = v_l ⊙ g_{l+1} ⊙ f''(z_l),
 * and r_l, the penalty's gradient at z_l through f', goes back through the forward pass as an ordinary
 * gradient: e_l = (W_{l+1}ᵀ e_{l+1}) ⊙ f'(z_l) + r_l, ∂/∂W_l += e_l a_lᵀ, ∂/∂b_l += e_l. With relu or
 * leaky_relu f'' is 0, so the penalty reaches the weights only, never the biases.
 *
 * Row-major arrays over the model's own parameters (`Mlp.layers`), their products on the dense kernels
 * (rowProducts.ts, the same bits as plain loops), in evaluation mode: a critic with batch norm or dropout
 * has no single input gradient per row, and is refused.
 */
import { LossLabError } from '../errors';
import type { Mlp } from './mlp';
import { rowProducts } from './rowProducts';

/** One pass over a batch, kept for the backward passes. */
interface Tape {
  n: number;
  /** Each layer's input (n × in); inputs[0] is x. */
  inputs: Float64Array[];
  /** f'(z_l) and f''(z_l) of each hidden layer (n × out). */
  slope: Float64Array[];
  curve: Float64Array[];
}

function checkPlain(net: Mlp): void {
  if (net.options.batchNorm || (net.options.dropout ?? 0) > 0)
    throw new LossLabError('an input gradient needs a model without batch norm or dropout', { field: 'model' });
}

/** y (n × out) = x W^T + b for one layer. */
function linear(net: Mlp, l: number, x: Float64Array, n: number): Float64Array {
  const { inSize, outSize, weight, bias } = net.layers[l];
  return rowProducts().product(x, weight, n, inSize, outSize, { bias, bTransposed: true });
}

/** d (n × in) = δ W for one layer: the gradient at its input from δ (n × out) at its output. */
function throughWeights(net: Mlp, l: number, delta: Float64Array, n: number): Float64Array {
  const { inSize, outSize, weight } = net.layers[l];
  return rowProducts().product(delta, weight, n, outSize, inSize);
}

/** v (n × out) = u W^T: `linear` without the bias. */
function againstWeights(net: Mlp, l: number, u: Float64Array, n: number): Float64Array {
  const { inSize, outSize, weight } = net.layers[l];
  return rowProducts().product(u, weight, n, inSize, outSize, { bTransposed: true });
}

/** Adds Σ_rows outer(left_r, right_r) into layer l's weight gradient (and Σ left into its bias's). */
function addOuter(net: Mlp, l: number, left: Float64Array, right: Float64Array, n: number, bias: boolean): void {
  const { inSize, outSize, gradWeight, gradBias } = net.layers[l];
  rowProducts().addTransposedProduct(left, right, n, outSize, inSize, gradWeight, bias ? gradBias : undefined);
}

/** a ⊙ b, as a new array. */
function times(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] * b[i];
  return out;
}

function record(net: Mlp, x: Float64Array, n: number): Tape {
  checkPlain(net);
  const tape: Tape = { n, inputs: [x], slope: [], curve: [] };
  const last = net.layers.length - 1;
  let a = x;
  for (let l = 0; l < last; l++) {
    const z = linear(net, l, a, n);
    const len = z.length;
    const act = new Float64Array(len);
    const slope = new Float64Array(len).fill(1);
    const curve = new Float64Array(len);
    net.activation.forward(z, act, len);
    net.activation.backward(z, act, slope, len);
    net.activation.curvature(z, act, curve, len);
    tape.slope.push(slope);
    tape.curve.push(curve);
    tape.inputs.push(act);
    a = act;
  }
  return tape;
}

/** The gradients at each layer's output (δ_l) and input (g_l) for the upstream gradient `gradOut`. */
function backwardPass(net: Mlp, tape: Tape, gradOut: Float64Array): { delta: Float64Array[]; g: Float64Array[] } {
  const L = net.layers.length;
  const delta = new Array<Float64Array>(L);
  const g = new Array<Float64Array>(L);
  delta[L - 1] = gradOut;
  for (let l = L - 1; l >= 0; l--) {
    g[l] = throughWeights(net, l, delta[l], tape.n);
    if (l > 0) delta[l - 1] = times(g[l], tape.slope[l - 1]);
  }
  return { delta, g };
}

/**
 * The gradient penalty mean_n (‖∂C(x_n)/∂x_n‖₂ − 1)² of a one-output critic at `rows` rows of `x`, and
 * (when `scale` is not 0) `scale` times its gradient with respect to the critic's parameters ADDED into
 * `net.grads`, as `Mlp.backward` adds. At a zero input gradient the norm's slope is taken as 0, as PyTorch's.
 */
export function gradientPenalty(net: Mlp, x: Float64Array, rows: number, scale: number): number {
  if (net.outputSize !== 1)
    throw new LossLabError(`a gradient penalty needs a critic with one output, got ${net.outputSize}`, {
      field: 'model',
    });
  const tape = record(net, x, rows);
  const { delta, g } = backwardPass(net, tape, new Float64Array(rows).fill(1));
  const d = net.inputSize;
  const u = new Float64Array(rows * d);
  let penalty = 0;
  for (let r = 0; r < rows; r++) {
    let sq = 0;
    for (let i = 0; i < d; i++) sq += g[0][r * d + i] ** 2;
    const norm = Math.sqrt(sq);
    penalty += (norm - 1) ** 2;
    const k = norm > 0 ? (scale * 2 * (norm - 1)) / (rows * norm) : 0;
    for (let i = 0; i < d; i++) u[r * d + i] = k * g[0][r * d + i];
  }
  if (scale !== 0) penaltyGradient(net, tape, delta, g, u);
  return penalty / rows;
}

/** The double backward of the module's comment, from ū_0 = `u`. */
function penaltyGradient(net: Mlp, tape: Tape, delta: Float64Array[], g: Float64Array[], u: Float64Array): void {
  const L = net.layers.length;
  const n = tape.n;
  const injected: Float64Array[] = [];
  let ubar = u;
  for (let l = 0; l < L; l++) {
    addOuter(net, l, delta[l], ubar, n, false);
    if (l === L - 1) break;
    const v = againstWeights(net, l, ubar, n);
    const gl = g[l + 1];
    const curve = tape.curve[l];
    const r = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) r[i] = v[i] * gl[i] * curve[i];
    injected.push(r);
    ubar = times(v, tape.slope[l]);
  }
  let e: Float64Array | null = null;
  for (let l = L - 2; l >= 0; l--) {
    const r = injected[l];
    const from: Float64Array | null = e ? throughWeights(net, l + 1, e, n) : null;
    const slope = tape.slope[l];
    const next = new Float64Array(r.length);
    for (let i = 0; i < r.length; i++) next[i] = (from ? from[i] * slope[i] : 0) + r[i];
    e = next;
    addOuter(net, l, e, tape.inputs[l], n, true);
  }
}
