/**
 * Runs a `wgan_gp` training case of the fidelity fixtures (train.json) through the GAN's own updates
 * (src/core/trainer/ganStep.ts): per outer step, `n_critic` critic updates on the case's noise and mixing
 * weights, then one generator update. Each critic loss and unscaled penalty, each generator loss and both
 * networks' final weights must match.
 */
import { getGanObjective } from '../../src/core/losses/gan';
import { type LayerParams, Mlp } from '../../src/core/model/mlp';
import { createOptimizer } from '../../src/core/optimizers';
import { type Game, type Player, criticUpdate, generatorUpdate } from '../../src/core/trainer/ganStep';
import { type CaseResult, type Nested, type Tolerance, all, compare, flatten, guarded } from './cases';

export interface GanTrainCase {
  kind: 'train';
  task: 'wgan_gp';
  data: { x: number[][]; z_critic: Nested[]; alpha: Nested[]; z_gen: Nested[] };
  model: {
    generator_sizes: number[];
    critic_sizes: number[];
    activation: string;
    activation_params?: { negative_slope?: number };
    initial: { generator: LayerParams[]; critic: LayerParams[] };
  };
  loss: { name: 'wgan_gp'; params: { lambda_gp: number; n_critic: number } };
  optimizer: { name: string; params: Record<string, unknown> };
  steps: number;
  expected: {
    critic_loss: number[][];
    gp: number[][];
    gen_loss: number[];
    final: { generator: LayerParams[]; critic: LayerParams[] };
  };
  tolerance: Tolerance;
}

function player(c: GanTrainCase, sizes: number[], initial: LayerParams[]): Player {
  const net = new Mlp(sizes, c.model.activation, { negativeSlope: c.model.activation_params?.negative_slope });
  net.setParams(initial);
  const { optimizer, params } = createOptimizer(c.optimizer.name, net.params.length, c.optimizer.params);
  return { net, optimizer, lr: params.lr as number };
}

const layers = (p: LayerParams[]) => flatten(p.flatMap((l) => [l.weight, l.bias]));

export function runGanTrainCase(c: GanTrainCase): CaseResult {
  return guarded(`train ${c.task}`, () => {
    const { lambda_gp: lambda, n_critic: nCritic } = c.loss.params;
    const game: Game = {
      objective: getGanObjective(c.loss.name),
      generator: player(c, c.model.generator_sizes, c.model.initial.generator),
      critic: player(c, c.model.critic_sizes, c.model.initial.critic),
      penaltyWeight: lambda,
      clip: 0,
    };
    const real = flatten(c.data.x);
    const rows = c.data.x.length;
    const criticLoss: number[] = [];
    const gp: number[] = [];
    const genLoss: number[] = [];
    for (let t = 0; t < c.steps; t++) {
      for (let k = 0; k < nCritic; k++) {
        const z = flatten([(c.data.z_critic[t] as Nested[])[k]]);
        const alpha = flatten([(c.data.alpha[t] as Nested[])[k]]);
        const u = criticUpdate(game, real, z, alpha, rows);
        criticLoss.push(u.loss);
        gp.push(u.penalty);
      }
      genLoss.push(generatorUpdate(game, flatten([c.data.z_gen[t]]), rows).loss);
    }
    const e = c.expected;
    const tol = c.tolerance;
    return all([
      compare(criticLoss, e.critic_loss.flat(), tol, 'critic_loss'),
      compare(gp, e.gp.flat(), tol, 'gp'),
      compare(genLoss, e.gen_loss, tol, 'gen_loss'),
      compare(layers(game.generator.net.getParams()), layers(e.final.generator), tol, 'final generator'),
      compare(layers(game.critic.net.getParams()), layers(e.final.critic), tol, 'final critic'),
    ]);
  });
}
