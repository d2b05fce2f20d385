/**
 * The variational autoencoder's loss (Kingma & Welling 2014), as Keras' `vae_loss` writes it: the
 * reconstruction error plus β times the KL divergence of the encoder's N(μ, σ²) from N(0, I), per row, and
 * the mean over rows:
 *
 *     loss = mean_n [ Σ_d (recon_nd − x_nd)² + β · (−½) Σ_k (1 + logvar_nk − μ_nk² − exp(logvar_nk)) ]
 *
 * A categorical column's block of the reconstruction is logits: its error is the cross-entropy of their
 * softmax against the one-hot row (−log of the probability of the row's label) instead of squared errors,
 * one term per column like a numeric column's squared error. β = 1 is the ELBO (up to constants); β > 1 is
 * the β-VAE (Higgins et al. 2017).
 */
import type { ParamSpec } from '../params';
import { sized } from './sizes';
import type { LossSpec } from './types';

/** A softmax block of the reconstruction: its first column and width. */
export interface SoftmaxBlock {
  offset: number;
  width: number;
}

export interface VaeGrads {
  recon: Float64Array;
  mu: Float64Array;
  logvar: Float64Array;
}

/**
 * The loss over `n` rows of width `d` (recon and x) with latent size `k` (mu and logvar), row-major. When
 * `grads` is given, overwrites it with the gradient. `blocks` are the categorical columns (none: all numeric).
 */
export function vaeLoss(
  input: { recon: Float64Array; mu: Float64Array; logvar: Float64Array },
  x: Float64Array,
  n: number,
  beta: number,
  blocks: readonly SoftmaxBlock[],
  grads: VaeGrads | null,
): number {
  const { recon, mu, logvar } = input;
  const d = recon.length / n;
  const k = mu.length / n;
  const inBlock = new Uint8Array(d);
  for (const b of blocks) inBlock.fill(1, b.offset, b.offset + b.width);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0, at = i * d; j < d; j++, at++) {
      if (inBlock[j]) continue;
      const e = recon[at] - x[at];
      row += e * e;
      if (grads) grads.recon[at] = (2 * e) / n;
    }
    for (const b of blocks) row += softmaxCrossEntropy(recon, x, i * d + b.offset, b.width, n, grads?.recon ?? null);
    let kl = 0;
    for (let j = 0, at = i * k; j < k; j++, at++) {
      const m = mu[at];
      const e = Math.exp(logvar[at]);
      kl += 1 + logvar[at] - m * m - e;
      if (!grads) continue;
      grads.mu[at] = (beta * m) / n;
      grads.logvar[at] = (0.5 * beta * (e - 1)) / n;
    }
    total += row - 0.5 * beta * kl;
  }
  return total / n;
}

/** −Σ x log softmax(z) over one block (x one-hot, or any distribution); its gradient (softmax − x) / n. */
function softmaxCrossEntropy(
  z: Float64Array,
  x: Float64Array,
  at: number,
  width: number,
  n: number,
  grad: Float64Array | null,
): number {
  let max = -Infinity;
  for (let c = 0; c < width; c++) max = Math.max(max, z[at + c]);
  let sum = 0;
  for (let c = 0; c < width; c++) sum += Math.exp(z[at + c] - max);
  const logSum = max + Math.log(sum);
  let loss = 0;
  for (let c = 0; c < width; c++) {
    loss -= x[at + c] * (z[at + c] - logSum);
    if (grad) grad[at + c] = (Math.exp(z[at + c] - logSum) - x[at + c]) / n;
  }
  return loss;
}

const BETA: ParamSpec = {
  name: 'beta',
  type: 'number',
  default: 1,
  min: 0,
  doc: 'weight of the KL term (1: the ELBO; above 1 a β-VAE, smoother latent space, blurrier rows)',
};

/**
 * In the registry for names, parameters and the tasks it fits; a generate run computes it through
 * `vaeLoss` with its layout's softmax blocks (generate/vae.ts). Here the outputs are [recon, mu, logvar]
 * and every column numeric.
 */
export const vae: LossSpec = {
  id: 'vae',
  title: 'VAE (reconstruction + β·KL)',
  description: "a variational autoencoder's loss: reconstruct each row through a noisy latent code kept near N(0, I)",
  ...sized('vae', { generate: 0 }),
  params: [BETA],
  arity: 1,
  compute(batch, p, grads) {
    const [recon, mu, logvar] = batch.outputs;
    const g = grads && { recon: grads[0], mu: grads[1], logvar: grads[2] };
    return vaeLoss({ recon, mu, logvar }, batch.target, batch.n, p.beta as number, [], g);
  },
};
