/**
 * The GAN as a generative family: a generator MLP from latent noise z ~ N(0, I) (`model.latent` values,
 * default 8) through the hidden sizes reversed to the layout's width, its categorical blocks through a
 * softmax (so a generated row holds one distribution per categorical column, as the sampler reads it), and
 * a critic MLP from the layout's width through the hidden sizes to one score. The loss (losses/gan.ts)
 * names the game; its parameters give the critic's steps, clipping or penalty, optimizer and rate.
 *
 * Each training step is one critic update on the batch; after every `criticSteps` of them (counted across
 * batches and epochs) comes one generator update on as many fresh noise rows as the batch has. The
 * noise, and a penalty's mixing weights, come from the run's seeded generator.
 */
import { LossLabError } from '../errors';
import { erf } from '../model/erf';
import { GAN_OBJECTIVE_IDS, getGanObjective } from '../losses/gan';
import type { Mlp } from '../model/mlp';
import { createOptimizer } from '../optimizers';
import { type Game, type OutputMap, type Player, criticUpdate, generate, generatorUpdate } from '../trainer/ganStep';
import type { FamilyContext, GenerativeFamily, GenerativeModel, GenerativeStep, Noise } from './family';
import { type GenerativeLayout, softmaxBlocks } from './layout';

export const ganFamily: GenerativeFamily = {
  id: 'gan',
  losses: GAN_OBJECTIVE_IDS,
  networks: (width, latent, hidden) => [
    { name: 'generator', sizes: [latent, ...[...hidden].reverse(), width] },
    { name: 'critic', sizes: [width, ...hidden, 1] },
  ],
  create: (ctx) => new Gan(ctx),
};

/** Softmax over each categorical block, and its backward: dz = s ⊙ (g − Σ_block s g). */
export function softmaxMap(layout: GenerativeLayout): OutputMap {
  let probs = new Float64Array(0);
  return {
    forward(raw, rows) {
      probs = raw.slice(0, rows * layout.width);
      softmaxBlocks(layout, probs, rows);
      return probs.slice();
    },
    backward(grad, rows) {
      const w = layout.width;
      const out = grad.slice();
      for (const b of layout.blocks) {
        if (b.kind !== 'categorical') continue;
        for (let r = 0; r < rows; r++) {
          const at = r * w + b.offset;
          let dot = 0;
          for (let k = 0; k < b.width; k++) dot += probs[at + k] * grad[at + k];
          for (let k = 0; k < b.width; k++) out[at + k] = probs[at + k] * (grad[at + k] - dot);
        }
      }
      return out;
    },
  };
}

const draw = (noise: Noise, n: number) => Float64Array.from({ length: n }, () => noise.normal());

class Gan implements GenerativeModel {
  readonly sampler: Mlp;
  readonly optimizers;
  private readonly game: Game;
  private readonly criticSteps: number;
  /** Critic updates since the last generator update. */
  private pending = 0;
  private genLoss = Number.NaN;
  private readonly generatorLr0: number;
  private readonly criticLr0: number;

  constructor(private readonly ctx: FamilyContext) {
    const [generator, critic] = ctx.networks;
    this.sampler = generator;
    const p = ctx.lossParams;
    if (ctx.config.training.clipNorm !== null)
      throw new LossLabError(
        'training.clipNorm does not apply to a GAN: keep its critic in check with wgan (clip) or wgan_gp (lambda)',
        { field: 'training.clipNorm' },
      );
    const { name, ...given } = ctx.config.optimizer;
    const criticName = (p.criticOptimizer as string | null) ?? name;
    // The run's hyperparameters carry over to the critic's optimizer only when it is the same one.
    const criticGiven = criticName === name ? { ...given } : {};
    if (p.criticLr !== null) criticGiven.lr = p.criticLr;
    const player = (net: Mlp, id: string, settings: Record<string, unknown>, path: string): Player => {
      const { optimizer, params } = createOptimizer(id, net.params.length, settings, path);
      return { net, optimizer, lr: params.lr as number };
    };
    const objective = getGanObjective(ctx.config.loss.name);
    this.game = {
      objective,
      generator: player(generator, name, given, 'optimizer'),
      critic: player(critic, criticName, criticGiven, 'loss.criticOptimizer'),
      penaltyWeight: objective.lipschitz === 'penalty' ? (p.lambda as number) : 0,
      clip: objective.lipschitz === 'clip' ? (p.clip as number) : 0,
      map: softmaxMap(ctx.layout),
    };
    this.optimizers = [this.game.generator.optimizer, this.game.critic.optimizer];
    this.generatorLr0 = this.game.generator.lr;
    this.criticLr0 = this.game.critic.lr;
    this.criticSteps = p.criticSteps as number;
  }

  step(x: Float64Array, rows: number, lr: number): GenerativeStep {
    const { game, ctx } = this;
    const latent = this.sampler.inputSize;
    // The schedule moves the generator's rate; the critic's keeps its ratio to it.
    game.generator.lr = lr;
    game.critic.lr = (this.criticLr0 * lr) / this.generatorLr0;
    const alpha = Float64Array.from({ length: rows }, () => uniform(ctx.noise));
    const c = criticUpdate(game, x, draw(ctx.noise, rows * latent), alpha, rows);
    let gradNorm = c.gradNorm;
    if (++this.pending === this.criticSteps) {
      this.pending = 0;
      const g = generatorUpdate(game, draw(ctx.noise, rows * latent), rows);
      this.genLoss = g.loss;
      gradNorm = Math.hypot(gradNorm, g.gradNorm);
    }
    const parts: Record<string, number> = { d_loss: c.loss };
    // Until its first update the generator has no loss to show.
    if (!Number.isNaN(this.genLoss)) parts.g_loss = this.genLoss;
    // mean C(real) − mean C(fake) estimates a distance only for a Wasserstein critic.
    const lipschitz = game.objective.lipschitz;
    if (lipschitz !== 'none') parts.wasserstein = c.wasserstein;
    if (lipschitz === 'penalty') parts.penalty = c.penalty;
    return { loss: c.loss, parts, gradNorm };
  }

  /** The discriminator's loss (without a penalty) on held-out rows against as many generated ones. */
  loss(x: Float64Array, rows: number, noise: Noise): number {
    const { game } = this;
    const fake = generate(game, draw(noise, rows * this.sampler.inputSize), rows);
    const onReal = game.critic.net.forward(x, rows).slice();
    const onFake = game.critic.net.forward(fake, rows).slice();
    return game.objective.critic.compute(onReal, onFake, null);
  }
}

/** A uniform draw on (0, 1) as Φ(z) of a standard normal one, so that normal draws are all the family needs. */
function uniform(noise: Noise): number {
  const z = noise.normal();
  return 0.5 * (1 + erf(z / Math.SQRT2));
}
