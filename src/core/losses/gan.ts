/**
 * The adversarial losses: each side of a GAN's game as a function of the discriminator's (or critic's)
 * raw outputs, logits for the BCE forms. A discriminator loss sees its outputs on real rows and on
 * generated ones; a generator loss sees only those on generated rows. Every one is a mean over rows, and
 * writes d loss / d output when gradients are asked for (overwriting them, like the supervised losses).
 *
 * The user-facing pairings (`GAN_OBJECTIVES`) name which discriminator loss plays against which generator
 * loss: the minimax game of Goodfellow et al. (2014), its non-saturating variant from the same paper, least
 * squares (Mao et al., 2017), hinge (Lim & Ye, 2017; Miyato et al., 2018) and the Wasserstein critic
 * (Arjovsky et al., 2017), with weight clipping or a gradient penalty (Gulrajani et al., 2017).
 */
import { findById } from '../errors';
import { OPTIMIZERS } from '../optimizers';
import type { ParamSpec } from '../params';
import { sized } from './sizes';
import { softplus, sigmoid } from './stable';
import type { LossSpec } from './types';

/** Gradients asked of a discriminator loss: d loss / d real outputs and d loss / d fake outputs. */
export interface CriticGrads {
  real: Float64Array;
  fake: Float64Array;
}

export interface CriticLoss {
  id: string;
  side: 'critic';
  /** The formula, as the fixtures' `doc` states it. */
  formula: string;
  compute(real: Float64Array, fake: Float64Array, grads: CriticGrads | null): number;
}

export interface GeneratorLoss {
  id: string;
  side: 'generator';
  formula: string;
  compute(fake: Float64Array, grad: Float64Array | null): number;
}

/**
 * mean_i f(x_i) and, when `grad` is given, grad_i = f'(x_i) / n: the shape every term of these losses has.
 * `term` returns [f(x), f'(x)].
 */
function meanOf(x: Float64Array, grad: Float64Array | null, term: (v: number) => [number, number]): number {
  const n = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const [f, d] = term(x[i]);
    sum += f;
    if (grad) grad[i] = d / n;
  }
  return sum / n;
}

// softplus(z) exactly (not PyTorch's F.softplus, which returns z past 20); d softplus(z)/dz = sigmoid(z).
const softplusTerm = (z: number): [number, number] => [softplus(z), sigmoid(z)];
// softplus(-z), the BCE of a logit against label 1; its slope is -sigmoid(-z).
const softplusNegTerm = (z: number): [number, number] => [softplus(-z), -sigmoid(-z)];
const identity = (z: number): [number, number] => [z, 1];
const negated = (z: number): [number, number] => [-z, -1];
// A hinge's slope is 0 on its kink, as relu's.
const hingeTerm = (v: number): [number, number] => (v > 0 ? [v, 1] : [0, 0]);

function critic(
  id: string,
  formula: string,
  realTerm: (v: number) => [number, number],
  fakeTerm: (v: number) => [number, number],
): CriticLoss {
  return {
    id,
    side: 'critic',
    formula,
    compute: (real, fake, grads) =>
      meanOf(real, grads?.real ?? null, realTerm) + meanOf(fake, grads?.fake ?? null, fakeTerm),
  };
}

function generator(id: string, formula: string, term: (v: number) => [number, number]): GeneratorLoss {
  return { id, side: 'generator', formula, compute: (fake, grad) => meanOf(fake, grad, term) };
}

export const CRITIC_LOSSES: readonly CriticLoss[] = [
  critic('gan_d_bce', 'mean softplus(-real) + mean softplus(fake)', softplusNegTerm, softplusTerm),
  critic(
    'lsgan_d',
    '0.5 mean (real - 1)^2 + 0.5 mean fake^2',
    (v) => [0.5 * (v - 1) * (v - 1), v - 1],
    (v) => [0.5 * v * v, v],
  ),
  critic('wgan_critic', 'mean fake - mean real', negated, identity),
  critic(
    'hinge_gan_d',
    'mean max(0, 1 - real) + mean max(0, 1 + fake)',
    (v) => {
      const [f, d] = hingeTerm(1 - v);
      return [f, -d];
    },
    (v) => hingeTerm(1 + v),
  ),
];

export const GENERATOR_LOSSES: readonly GeneratorLoss[] = [
  generator('gan_g_bce', 'mean softplus(-fake)', softplusNegTerm),
  // log(1 - sigmoid(z)) = -softplus(z): the minimax generator minimises the discriminator's log-loss on fakes.
  generator('gan_g_minimax', '-mean softplus(fake)', (z) => {
    const [f, d] = softplusTerm(z);
    return [-f, -d];
  }),
  generator('lsgan_g', '0.5 mean (fake - 1)^2', (v) => [0.5 * (v - 1) * (v - 1), v - 1]),
  generator('wgan_g', '-mean fake', negated),
  generator('hinge_gan_g', '-mean fake', negated),
];

export function getCriticLoss(id: string): CriticLoss {
  return findById('discriminator loss', CRITIC_LOSSES, id, 'loss');
}

export function getGeneratorLoss(id: string): GeneratorLoss {
  return findById('generator loss', GENERATOR_LOSSES, id, 'loss');
}

/** How a Wasserstein critic is kept 1-Lipschitz, if at all. */
export type Lipschitz = 'none' | 'clip' | 'penalty';

/**
 * A user-facing GAN loss: the two sides of the game and the critic's constraint. In the loss registry for
 * its name, parameters (the game's settings) and task; `compute` there is the discriminator's loss with
 * outputs [D(real), D(fake)], and a generate run plays the game through generate/gan.ts.
 */
export interface GanObjective extends LossSpec {
  critic: CriticLoss;
  generator: GeneratorLoss;
  lipschitz: Lipschitz;
}

const criticSteps = (dflt: number): ParamSpec => ({
  name: 'criticSteps',
  type: 'integer',
  default: dflt,
  min: 1,
  doc: 'discriminator (critic) updates per generator update, each on its own batch',
});
const CRITIC_OPTIMIZER: ParamSpec = {
  name: 'criticOptimizer',
  type: 'string',
  default: null,
  // An optimizer that re-evaluates the loss (L-BFGS) has no place in alternating updates.
  choices: OPTIMIZERS.filter((o) => !o.closure).map((o) => o.id),
  doc: "the discriminator's optimizer (default: the run's, with its hyperparameters)",
};
const CRITIC_LR: ParamSpec = {
  name: 'criticLr',
  type: 'number',
  default: null,
  min: 0,
  minExclusive: true,
  doc: "the discriminator's learning rate (default: the run's)",
};
const CLIP: ParamSpec = {
  name: 'clip',
  type: 'number',
  default: 0.01,
  min: 0,
  minExclusive: true,
  doc: 'every critic parameter is clipped to [-clip, clip] after each critic update',
};
const LAMBDA: ParamSpec = {
  name: 'lambda',
  type: 'number',
  default: 10,
  min: 0,
  doc: 'weight λ of the gradient penalty mean (‖∇C(x̂)‖ − 1)²',
};

function objective(
  id: string,
  title: string,
  description: string,
  sides: [string, string],
  lipschitz: Lipschitz = 'none',
): GanObjective {
  const critic = getCriticLoss(sides[0]);
  const own = lipschitz === 'clip' ? [CLIP] : lipschitz === 'penalty' ? [LAMBDA] : [];
  return {
    id,
    title,
    description,
    ...sized(id, { generate: 1 }),
    params: [criticSteps(lipschitz === 'none' ? 1 : 5), ...own, CRITIC_OPTIMIZER, CRITIC_LR],
    arity: 1,
    compute: (batch, _p, grads) => {
      const [real, fake] = batch.outputs;
      return critic.compute(real, fake, grads && { real: grads[0], fake: grads[1] });
    },
    critic,
    generator: getGeneratorLoss(sides[1]),
    lipschitz,
  };
}

export const GAN_OBJECTIVES: readonly GanObjective[] = [
  objective(
    'gan_minimax',
    'GAN (minimax)',
    'The original game: the generator minimises the log-loss the discriminator maximises; its gradient vanishes once the discriminator wins.',
    ['gan_d_bce', 'gan_g_minimax'],
  ),
  objective(
    'gan_nonsaturating',
    'GAN (non-saturating)',
    'The generator maximises log D(G(z)) instead: the same fixed point, with strong gradients early on.',
    ['gan_d_bce', 'gan_g_bce'],
  ),
  objective(
    'lsgan',
    'Least-squares GAN',
    'Squared error to the labels 1 and 0: penalises fakes far from the boundary, steadier than the log-loss.',
    ['lsgan_d', 'lsgan_g'],
  ),
  objective(
    'hinge_gan',
    'Hinge GAN',
    'The discriminator only cares about rows inside the margin; the generator raises the critic score.',
    ['hinge_gan_d', 'hinge_gan_g'],
  ),
  objective(
    'wgan',
    'Wasserstein GAN (clipping)',
    'The critic estimates the Wasserstein distance, kept Lipschitz by clipping its weights: against mode collapse.',
    ['wgan_critic', 'wgan_g'],
    'clip',
  ),
  objective(
    'wgan_gp',
    'Wasserstein GAN (gradient penalty)',
    'The Wasserstein critic kept Lipschitz by penalising input gradients whose norm is not 1: no clipping needed.',
    ['wgan_critic', 'wgan_g'],
    'penalty',
  ),
];

export const GAN_OBJECTIVE_IDS = GAN_OBJECTIVES.map((o) => o.id);

export function getGanObjective(id: string): GanObjective {
  return findById('GAN loss', GAN_OBJECTIVES, id, 'loss');
}
