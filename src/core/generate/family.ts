/**
 * Where a generative model plugs into a generate run. A family (the VAE here; a GAN's generator and
 * critic next) is chosen by the run's loss, declares its networks (each an MLP with its own parameters and
 * its own optimizer), and makes one training step from a batch of encoded rows however its method needs
 * (one backward pass through an encoder and a decoder, or alternating critic and generator updates). The
 * loop around it (trainer/generative.ts), the encoding (layout.ts), sampling, quality, baselines and the
 * run records are shared: every family maps a latent draw z ~ N(0, I) through its `sampler` network to the
 * layout's width, the categorical blocks read through a softmax.
 */
import type { RunConfig } from '../config/types';
import type { Mlp } from '../model/mlp';
import type { Optimizer } from '../optimizers/types';
import type { Params } from '../params';
import type { Rng } from '../rng';
import type { GenerativeLayout } from './layout';

/** Standard normal draws: the run's seeded Rng, or given values (a reference case's noise). */
export type Noise = Pick<Rng, 'normal'>;

/** A network of the family, by its name in records and charts (`encoder`, `decoder`, `generator`, `critic`). */
export interface NetworkSpec {
  name: string;
  sizes: number[];
}

/** What one training step reports: the loss the run's curve shows, named parts (`recon`, `kl`; `critic`, `penalty`), the gradient norm. */
export interface GenerativeStep {
  loss: number;
  parts: Record<string, number>;
  gradNorm: number;
}

/** Everything a family's model is made from; `networks` are built and initialized by the run, in `networks()` order. */
export interface FamilyContext {
  config: RunConfig;
  layout: GenerativeLayout;
  latent: number;
  lossParams: Params;
  networks: Mlp[];
  /** Draws the run's noise (reparameterization, latent batches), seeded from the run's seed. */
  noise: Noise;
}

export interface GenerativeModel {
  /** Maps latent draws (rows × latent) to outputs of the layout's width (decoder, generator). */
  readonly sampler: Mlp;
  /** One optimizer step (or a family's round of them) on `rows` encoded rows at learning rate `lr`. */
  step(x: Float64Array, rows: number, lr: number): GenerativeStep;
  /** The loss on rows without a step (held-out rows), its noise from `rng`. */
  loss(x: Float64Array, rows: number, noise: Noise): number;
  /** The optimizers' state, network by network, for a checkpoint. */
  readonly optimizers: readonly Optimizer[];
}

export interface GenerativeFamily {
  id: string;
  /** The losses that select this family (`vae`; `gan_minimax`, `wgan_gp`, ...). */
  losses: readonly string[];
  networks(width: number, latent: number, hidden: readonly number[]): NetworkSpec[];
  create(ctx: FamilyContext): GenerativeModel;
}

/** Latent size when `model.latent` is not given. */
export const DEFAULT_LATENT = 8;
