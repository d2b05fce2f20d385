/**
 * The GAN's updates and its family: the generator's gradient through the critic's input and the softmax
 * blocks against finite differences, the softmax map's backward against finite differences, a clipped
 * critic staying in its box, a WGAN-GP critic's distance estimate against the closed form, and the
 * settings a GAN refuses.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ganFamily, softmaxMap } from '../../src/core/generate/gan';
import type { GenerativeLayout } from '../../src/core/generate/layout';
import { getGanObjective } from '../../src/core/losses/gan';
import { Mlp } from '../../src/core/model/mlp';
import { createOptimizer } from '../../src/core/optimizers';
import { Rng } from '../../src/core/rng';
import { type Game, criticUpdate, generate, generatorUpdate } from '../../src/core/trainer/ganStep';
import { disagreements, numericGradient } from './gradcheck';

/** One numeric column, then a categorical one of three labels: width 4. */
const LAYOUT: GenerativeLayout = {
  width: 4,
  blocks: [
    { kind: 'numeric', name: 'x', offset: 0, mean: 0, std: 1 },
    { kind: 'categorical', name: 'c', offset: 1, width: 3, labels: ['a', 'b', 'c'] },
  ],
};
const TOL = { h: 1e-6, rtol: 1e-6, atol: 1e-9 };
const normals = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.normal());

function game(loss: string, sizes: { g: number[]; c: number[] }, optimizer: string, lr: number, act = 'tanh'): Game {
  const player = (s: number[], i: number) => {
    const net = new Mlp(s, act);
    net.init('xavier_normal', 1 + i);
    const { optimizer: opt } = createOptimizer(optimizer, net.params.length, { lr });
    return { net, optimizer: opt, lr };
  };
  return {
    objective: getGanObjective(loss),
    generator: player(sizes.g, 0),
    critic: player(sizes.c, 1),
    penaltyWeight: 10,
    clip: 0.05,
  };
}

test("the softmax blocks' backward matches finite differences; numeric columns pass through", () => {
  const rng = new Rng(2);
  const rows = 3;
  const raw = normals(rng, rows * 4);
  const w = normals(rng, rows * 4);
  const map = softmaxMap(LAYOUT);
  const f = () => map.forward(raw, rows).reduce((s, v, i) => s + v * w[i], 0);
  f();
  const analytic = map.backward(w, rows);
  assert.deepEqual(disagreements(analytic, numericGradient(f, raw, TOL.h), TOL, 'softmax map'), []);
  const out = map.forward(raw, rows);
  assert.equal(out[0], raw[0]);
  assert.ok(Math.abs(out[1] + out[2] + out[3] - 1) < 1e-15);
});

test("each generator loss's gradient reaches the generator's weights exactly, through the critic and the softmax", () => {
  for (const loss of ['gan_minimax', 'gan_nonsaturating', 'lsgan', 'hinge_gan', 'wgan']) {
    const rng = new Rng(4);
    // SGD at rate 1: the update is minus the gradient.
    const g = game(loss, { g: [2, 5, 4], c: [4, 6, 1] }, 'sgd', 1);
    g.map = softmaxMap(LAYOUT);
    const rows = 5;
    const z = normals(rng, rows * 2);
    const params = g.generator.net.params;
    const before = params.slice();
    const lossOf = () => {
      const out = g.critic.net.forward(generate(g, z, rows), rows).slice();
      return g.objective.generator.compute(out, null);
    };
    const numeric = numericGradient(lossOf, params, TOL.h);
    const { loss: value } = generatorUpdate(g, z, rows);
    const analytic = before.map((b, i) => b - params[i]);
    params.set(before);
    assert.ok(Math.abs(value - lossOf()) < 1e-12, `${loss}: reported ${value}, recomputed ${lossOf()}`);
    assert.deepEqual(disagreements(analytic, numeric, TOL, `${loss} d gen_loss / d θ_G`), []);
  }
});

test('a clipped critic (wgan) keeps every parameter in [-clip, clip] after its update', () => {
  const rng = new Rng(6);
  const g = game('wgan', { g: [2, 4, 3], c: [3, 4, 1] }, 'rmsprop', 0.5);
  criticUpdate(g, normals(rng, 8 * 3), normals(rng, 8 * 2), new Float64Array(8), 8);
  assert.ok(g.critic.net.params.every((v) => Math.abs(v) <= 0.05));
  assert.ok(g.critic.net.params.some((v) => Math.abs(v) === 0.05));
});

test("a WGAN-GP critic's estimate approaches the closed-form Wasserstein-1 distance between two Gaussians", () => {
  const rng = new Rng(11);
  // Real rows N(1.5, 0.5²); the generator G(z) = 0.3 z + 3 held fixed. In one dimension W1 is the mean
  // |F⁻¹(u) − G⁻¹(u)| over u: here 1.5 − 0.2 Φ⁻¹(u) is positive wherever it matters, so W1 = 1.5.
  const g = game('wgan_gp', { g: [1, 1], c: [1, 32, 1] }, 'adam', 0.01, 'leaky_relu');
  g.generator.net.params.set([0.3, 3]);
  const rows = 64;
  let sum = 0;
  for (let t = 0; t < 1000; t++) {
    const real = Float64Array.from({ length: rows }, () => 1.5 + 0.5 * rng.normal());
    const alpha = Float64Array.from({ length: rows }, () => rng.uniform());
    const u = criticUpdate(g, real, normals(rng, rows), alpha, rows);
    if (t >= 500) sum += u.wasserstein;
  }
  const estimate = sum / 500;
  assert.ok(Math.abs(estimate - 1.5) < 0.15, `critic's estimate ${estimate}, W1 = 1.5`);
});

test('a GAN refuses clipNorm and takes a critic rate of its own', () => {
  const ctx = (loss: string, extra: Record<string, unknown>, clipNorm: number | null) => ({
    config: { optimizer: { name: 'adam', lr: 0.01 }, loss: { name: loss }, training: { clipNorm } },
    layout: LAYOUT,
    latent: 2,
    lossParams: { criticSteps: 1, criticOptimizer: null, criticLr: null, ...extra },
    networks: [new Mlp([2, 4], 'relu'), new Mlp([4, 1], 'relu')],
    noise: new Rng(0),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const create = (c: any) => ganFamily.create(c);
  assert.throws(() => create(ctx('lsgan', {}, 1)), /training.clipNorm does not apply to a GAN/);
  assert.ok(create(ctx('lsgan', { criticLr: 0.001 }, null)).sampler);
});
