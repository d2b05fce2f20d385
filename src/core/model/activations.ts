/**
 * Hidden-layer activations. Each works in place over a buffer so the layer loops stay tight:
 * `forward` writes a = f(z); `backward` multiplies an upstream gradient by f'(z) (given z and a = f(z));
 * `curvature` writes f''(z), which a gradient of an input gradient (a WGAN-GP penalty) needs.
 * Derivatives at kinks follow PyTorch: relu'(0) = 0, leaky_relu'(0) = 0.01, elu'(0) = alpha. relu'' and
 * leaky_relu'' are 0: their second derivative is a Dirac delta at the kink, which autograd drops too, so
 * through such a layer an input gradient depends on the weights but not on the biases before it.
 */
import { findById } from '../errors';
import { erf } from './erf';

export interface Activation {
  id: string;
  title: string;
  description: string;
  forward(z: Float64Array, a: Float64Array, len: number): void;
  backward(z: Float64Array, a: Float64Array, g: Float64Array, len: number): void;
  curvature(z: Float64Array, a: Float64Array, out: Float64Array, len: number): void;
}

const LEAK = 0.01;
const ELU_ALPHA = 1;
const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;

/**
 * 1 / (1 + e^-x) as torch.sigmoid computes it (e^-x may overflow to infinity, which gives the right 0): the
 * sigmoid activation, and the probability of a binary logit in the metrics. The losses use the
 * overflow-free form in src/core/losses/stable.ts, which can differ from this one in the last bit.
 */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

const zeroCurvature = (_z: Float64Array, _a: Float64Array, out: Float64Array, len: number) => out.fill(0, 0, len);

/** x for x > 0, else `slope` x (PyTorch's `negative_slope`; the registry's `leaky_relu` has 0.01). */
export function leakyRelu(slope: number): Activation {
  return {
    id: 'leaky_relu',
    title: 'Leaky ReLU',
    description: `x for x > 0, else ${slope} x: ReLU without dead units`,
    forward(z, a, len) {
      for (let i = 0; i < len; i++) a[i] = z[i] > 0 ? z[i] : slope * z[i];
    },
    backward(z, _a, g, len) {
      for (let i = 0; i < len; i++) if (!(z[i] > 0)) g[i] *= slope;
    },
    curvature: zeroCurvature,
  };
}

export const ACTIVATIONS: readonly Activation[] = [
  {
    id: 'relu',
    title: 'ReLU',
    description: 'max(0, x): cheap and the usual default; pair with He initialization',
    forward(z, a, len) {
      for (let i = 0; i < len; i++) a[i] = z[i] > 0 ? z[i] : 0;
    },
    backward(z, _a, g, len) {
      for (let i = 0; i < len; i++) if (!(z[i] > 0)) g[i] = 0;
    },
    curvature: zeroCurvature,
  },
  leakyRelu(LEAK),
  {
    id: 'tanh',
    title: 'tanh',
    description: 'zero-centred squashing to (-1, 1); pair with Xavier initialization',
    forward(z, a, len) {
      for (let i = 0; i < len; i++) a[i] = Math.tanh(z[i]);
    },
    backward(_z, a, g, len) {
      for (let i = 0; i < len; i++) g[i] *= 1 - a[i] * a[i];
    },
    curvature(_z, a, out, len) {
      for (let i = 0; i < len; i++) out[i] = -2 * a[i] * (1 - a[i] * a[i]);
    },
  },
  {
    id: 'sigmoid',
    title: 'Sigmoid',
    description: 'squashing to (0, 1); saturates, so gradients vanish in deep stacks',
    forward(z, a, len) {
      for (let i = 0; i < len; i++) a[i] = sigmoid(z[i]);
    },
    backward(_z, a, g, len) {
      for (let i = 0; i < len; i++) g[i] *= a[i] * (1 - a[i]);
    },
    curvature(_z, a, out, len) {
      for (let i = 0; i < len; i++) out[i] = a[i] * (1 - a[i]) * (1 - 2 * a[i]);
    },
  },
  {
    id: 'gelu',
    title: 'GELU',
    description: 'x·Φ(x), the exact erf form (PyTorch default): a smooth ReLU',
    forward(z, a, len) {
      for (let i = 0; i < len; i++) a[i] = 0.5 * z[i] * (1 + erf(z[i] * INV_SQRT2));
    },
    backward(z, _a, g, len) {
      // d/dx x Φ(x) = Φ(x) + x φ(x)
      for (let i = 0; i < len; i++) {
        const x = z[i];
        g[i] *= 0.5 * (1 + erf(x * INV_SQRT2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
      }
    },
    curvature(z, _a, out, len) {
      // d/dx (Φ(x) + x φ(x)) = φ(x) (2 - x²)
      for (let i = 0; i < len; i++) out[i] = INV_SQRT_2PI * Math.exp(-0.5 * z[i] * z[i]) * (2 - z[i] * z[i]);
    },
  },
  {
    id: 'elu',
    title: 'ELU',
    description: 'x for x > 0, else exp(x) - 1: smooth, with negative outputs that keep means near zero',
    forward(z, a, len) {
      for (let i = 0; i < len; i++) a[i] = z[i] > 0 ? z[i] : ELU_ALPHA * Math.expm1(z[i]);
    },
    backward(z, a, g, len) {
      for (let i = 0; i < len; i++) if (!(z[i] > 0)) g[i] *= a[i] + ELU_ALPHA;
    },
    curvature(z, a, out, len) {
      for (let i = 0; i < len; i++) out[i] = z[i] > 0 ? 0 : a[i] + ELU_ALPHA;
    },
  },
];

export const ACTIVATION_IDS = ACTIVATIONS.map((a) => a.id);

/** The activation called `id`; `negativeSlope` replaces leaky_relu's 0.01. */
export function getActivation(id: string, field = 'model.activation', negativeSlope?: number): Activation {
  const found = findById('activation', ACTIVATIONS, id, field);
  return id === 'leaky_relu' && negativeSlope !== undefined ? leakyRelu(negativeSlope) : found;
}
