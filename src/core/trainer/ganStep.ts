/**
 * The two updates of a GAN, shared by the GAN's epoch loop and the PyTorch fidelity suite so both run the
 * same code. A critic update scores real rows and generated ones (the generator held fixed), adds the
 * penalty of a WGAN-GP critic at points between them, and steps the critic's optimizer, then clips its
 * weights for a clipped WGAN. A generator update scores fresh generated rows and carries the generator
 * loss's gradient back through the critic's input into the generator, stepping the generator's optimizer
 * only. Gradients are zeroed before every update, as PyTorch's `zero_grad`.
 *
 * The noise (and a penalty's mixing weights) are arguments: the loop draws them from the run's seeded
 * generator, a fidelity case gives them.
 */
import type { GanObjective } from '../losses/gan';
import { gradientPenalty } from '../model/inputGradient';
import type { Mlp } from '../model/mlp';
import type { Optimizer } from '../optimizers/types';

/** One network of the game with its own optimizer and learning rate. */
export interface Player {
  net: Mlp;
  optimizer: Optimizer;
  lr: number;
}

/**
 * The generator's output as the critic sees it: a map applied to the raw output (a softmax over each
 * categorical column's block) and its backward. The identity when absent.
 */
export interface OutputMap {
  forward(raw: Float64Array, rows: number): Float64Array;
  /** d loss / d raw output from d loss / d mapped output, for the rows of the last `forward`. */
  backward(grad: Float64Array, rows: number): Float64Array;
}

export interface Game {
  objective: GanObjective;
  generator: Player;
  critic: Player;
  /** `wgan_gp`: the penalty's weight λ. */
  penaltyWeight: number;
  /** `wgan`: every critic parameter is clipped to [-clip, clip] after each critic update. */
  clip: number;
  map?: OutputMap;
}

export interface CriticUpdate {
  /** The critic's loss before the update, the penalty's λ·gp included. */
  loss: number;
  /** The unscaled penalty gp (0 without one). */
  penalty: number;
  /** mean C(real) − mean C(fake): the critic's estimate of the Wasserstein distance. */
  wasserstein: number;
  /** The norm of the critic's gradient (penalty included) before the update. */
  gradNorm: number;
}

/** The generator's rows for noise `z` (rows × noise size), mapped, as a copy. */
export function generate(game: Game, z: Float64Array, rows: number): Float64Array {
  const raw = game.generator.net.forward(z, rows);
  return game.map ? game.map.forward(raw, rows) : raw.slice();
}

const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
const norm = (g: Float64Array) => Math.sqrt(g.reduce((s, v) => s + v * v, 0));

/**
 * One critic update on `rows` real rows and the generator's rows for noise `z`; `alpha` (one weight per row)
 * places the penalty's points x̂ = α x + (1 − α) G(z), and is ignored without a penalty.
 */
export function criticUpdate(
  game: Game,
  real: Float64Array,
  z: Float64Array,
  alpha: Float64Array,
  rows: number,
): CriticUpdate {
  const { net, optimizer, lr } = game.critic;
  const fake = generate(game, z, rows);
  const both = new Float64Array(real.length + fake.length);
  both.set(real);
  both.set(fake, real.length);
  // Real and generated rows in one pass: without batch norm a critic scores each row on its own.
  const out = net.forward(both, 2 * rows, true);
  const [onReal, onFake] = [out.slice(0, rows), out.slice(rows, 2 * rows)];
  const grad = new Float64Array(2 * rows);
  const grads = { real: grad.subarray(0, rows), fake: grad.subarray(rows) };
  let loss = game.objective.critic.compute(onReal, onFake, grads);
  net.grads.fill(0);
  net.backward(grad, 2 * rows);
  let penalty = 0;
  if (game.objective.lipschitz === 'penalty') {
    const d = net.inputSize;
    const mixed = new Float64Array(real.length);
    for (let r = 0, i = 0; r < rows; r++)
      for (let end = i + d; i < end; i++) mixed[i] = alpha[r] * real[i] + (1 - alpha[r]) * fake[i];
    penalty = gradientPenalty(net, mixed, rows, game.penaltyWeight);
    loss += game.penaltyWeight * penalty;
  }
  const gradNorm = norm(net.grads);
  optimizer.step(net.params, net.grads, lr);
  if (game.objective.lipschitz === 'clip') clipParams(net.params, game.clip);
  return { loss, penalty, wasserstein: mean(onReal) - mean(onFake), gradNorm };
}

function clipParams(p: Float64Array, c: number): void {
  for (let i = 0; i < p.length; i++) p[i] = Math.min(c, Math.max(-c, p[i]));
}

/** One generator update for noise `z`; returns the generator's loss before it and its gradient norm. */
export function generatorUpdate(game: Game, z: Float64Array, rows: number): { loss: number; gradNorm: number } {
  const { net, optimizer, lr } = game.generator;
  const fake = generate(game, z, rows);
  const critic = game.critic.net;
  const gradOut = new Float64Array(rows);
  const loss = game.objective.generator.compute(critic.forward(fake, rows, true), gradOut);
  // The critic's own gradient from this pass is discarded: its next update zeroes it first.
  critic.backward(gradOut, rows);
  let grad = critic.inputGradient(rows);
  if (game.map) grad = game.map.backward(grad, rows);
  net.grads.fill(0);
  net.backward(grad, rows);
  const gradNorm = norm(net.grads);
  optimizer.step(net.params, net.grads, lr);
  return { loss, gradNorm };
}
