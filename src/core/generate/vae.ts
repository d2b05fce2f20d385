/**
 * The variational autoencoder as a generative family: an encoder MLP (the model's hidden sizes) whose last
 * layer gives μ and log σ² side by side (one Linear layer to 2K outputs computes the same as PyTorch's two
 * heads `Linear_mu`, `Linear_logvar`), the reparameterization z = μ + exp(½ log σ²) · ε with ε ~ N(0, I) from
 * the run's noise, and a decoder MLP (the hidden sizes reversed) back to the layout's width. Sampling feeds
 * z ~ N(0, I) to the decoder. The loss is `vaeLoss` (losses/vae.ts) with the layout's softmax blocks.
 */
import { vaeLoss } from '../losses/vae';
import type { Mlp } from '../model/mlp';
import { createOptimizer } from '../optimizers';
import type { FamilyContext, GenerativeFamily, GenerativeModel, GenerativeStep, Noise } from './family';
import { categoricalBlocks } from './layout';

export const vaeFamily: GenerativeFamily = {
  id: 'vae',
  losses: ['vae'],
  networks: (width, latent, hidden) => [
    { name: 'encoder', sizes: [width, ...hidden, 2 * latent] },
    { name: 'decoder', sizes: [latent, ...[...hidden].reverse(), width] },
  ],
  create: (ctx) => new Vae(ctx),
};

interface Pass {
  mu: Float64Array;
  logvar: Float64Array;
  eps: Float64Array;
  loss: number;
  recon: Float64Array;
}

class Vae implements GenerativeModel {
  readonly sampler: Mlp;
  readonly optimizers;
  private readonly encoder: Mlp;
  private readonly k: number;
  private readonly beta: number;
  private readonly blocks;

  constructor(private readonly ctx: FamilyContext) {
    [this.encoder, this.sampler] = ctx.networks;
    this.k = ctx.latent;
    this.beta = ctx.lossParams.beta as number;
    this.blocks = categoricalBlocks(ctx.layout);
    const { name, ...given } = ctx.config.optimizer;
    this.optimizers = ctx.networks.map((m) => createOptimizer(name, m.params.length, given).optimizer);
  }

  /** Encoder, reparameterization and decoder over `rows` rows; with `grads`, the loss's gradients are kept. */
  private forward(x: Float64Array, rows: number, noise: Noise, training: boolean, grads: boolean) {
    const k = this.k;
    const enc = this.encoder.forward(x, rows, training);
    const mu = new Float64Array(rows * k);
    const logvar = new Float64Array(rows * k);
    const eps = new Float64Array(rows * k);
    const z = new Float64Array(rows * k);
    for (let r = 0, i = 0; r < rows; r++)
      for (let j = 0; j < k; j++, i++) {
        mu[i] = enc[r * 2 * k + j];
        logvar[i] = enc[r * 2 * k + k + j];
        eps[i] = noise.normal();
        z[i] = mu[i] + Math.exp(0.5 * logvar[i]) * eps[i];
      }
    const recon = this.sampler.forward(z, rows, training);
    const g = grads
      ? { recon: new Float64Array(recon.length), mu: new Float64Array(mu.length), logvar: new Float64Array(mu.length) }
      : null;
    const loss = vaeLoss({ recon, mu, logvar }, x, rows, this.beta, this.blocks, g);
    return { pass: { mu, logvar, eps, loss, recon } as Pass, g };
  }

  step(x: Float64Array, rows: number, lr: number): GenerativeStep {
    const k = this.k;
    const { pass, g } = this.forward(x, rows, this.ctx.noise, true, true);
    const { encoder, sampler: decoder } = this;
    decoder.grads.fill(0);
    decoder.backward(g!.recon, rows);
    const dz = decoder.inputGradient(rows);
    const dEnc = new Float64Array(rows * 2 * k);
    for (let r = 0, i = 0; r < rows; r++)
      for (let j = 0; j < k; j++, i++) {
        dEnc[r * 2 * k + j] = g!.mu[i] + dz[i];
        dEnc[r * 2 * k + k + j] = g!.logvar[i] + dz[i] * pass.eps[i] * 0.5 * Math.exp(0.5 * pass.logvar[i]);
      }
    encoder.grads.fill(0);
    encoder.backward(dEnc, rows);
    const gradNorm = clipTogether([encoder.grads, decoder.grads], this.ctx.config.training.clipNorm);
    [encoder, decoder].forEach((m, i) => this.optimizers[i].step(m.params, m.grads, lr));
    const kl = klMean(pass.mu, pass.logvar, rows);
    return { loss: pass.loss, parts: { recon: pass.loss - this.beta * kl, kl }, gradNorm };
  }

  loss(x: Float64Array, rows: number, noise: Noise): number {
    return this.forward(x, rows, noise, false, false).pass.loss;
  }
}

/** The KL term of the loss (losses/vae.ts) without β: the mean over rows of −½ Σ_k (1 + log σ² − μ² − σ²). */
export function klMean(mu: Float64Array, logvar: Float64Array, rows: number): number {
  let sum = 0;
  for (let i = 0; i < mu.length; i++) sum += 1 + logvar[i] - mu[i] * mu[i] - Math.exp(logvar[i]);
  return (-0.5 * sum) / rows;
}

/**
 * The global norm of the networks' gradients together (all the weights one optimizer would see), and
 * clip_grad_norm_ over them all when `maxNorm` is set.
 */
export function clipTogether(grads: readonly Float64Array[], maxNorm: number | null): number {
  let sum = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) sum += g[i] * g[i];
  const norm = Math.sqrt(sum);
  const coef = maxNorm === null ? 1 : maxNorm / (norm + 1e-6);
  if (coef < 1) for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= coef;
  return norm;
}
