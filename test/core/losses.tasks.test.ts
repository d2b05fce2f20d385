/**
 * The ranking, contrastive and multitask losses (outside the supervised registry) against finite
 * differences and closed forms; the PyTorch values are in the fidelity fixtures (loss.json).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { infoNceLoss } from '../../src/core/losses/contrastive';
import { uncertaintyWeighting } from '../../src/core/losses/multitask';
import { listnetLoss, marginRankingLoss, ranknetLoss } from '../../src/core/losses/ranking';
import { Rng } from '../../src/core/rng';
import { close, throwsLossLab } from './assertions';
import { type GradCheckTolerance, disagreements, numericGradient } from './gradcheck';

const rng = new Rng(20260106);
const TOL: GradCheckTolerance = { h: 1e-6, rtol: 1e-6, atol: 1e-9 };
const normals = (m: number, scale = 1) => Float64Array.from({ length: m }, () => scale * rng.normal());
const nans = (m: number) => new Float64Array(m).fill(Number.NaN);

test('margin ranking: gradient ±y/n where the hinge is active (no difference straddles a kink), 0 elsewhere', () => {
  // Differences x1 − x2 kept 0.1 or more from the kink at y·margin.
  const x2 = normals(6);
  const y = Float64Array.of(1, -1, 1, -1, 1, -1);
  const x1 = x2.map((v, i) => v + [0.8, 0.3, -1, 1.2, 0.2, -0.6][i]);
  const grads = { x1: nans(6), x2: nans(6) };
  const value = marginRankingLoss(x1, x2, y, 0.5, grads);
  const f = () => marginRankingLoss(x1, x2, y, 0.5, null);
  assert.deepEqual(
    [
      ...disagreements(grads.x1, numericGradient(f, x1, TOL.h), TOL, 'x1'),
      ...disagreements(grads.x2, numericGradient(f, x2, TOL.h), TOL, 'x2'),
    ],
    [],
  );
  // The value from the differences directly: mean of max(0, −y d + 0.5).
  const d = [0.8, 0.3, -1, 1.2, 0.2, -0.6];
  close(value, d.reduce((s, v, i) => s + Math.max(0, -y[i] * v + 0.5), 0) / 6);
});

const group = Float64Array.of(3, 1, 3, 1, 3, 7, 1, 3);
const relevance = Float64Array.of(2, 0, 1, 1, 2, 4, 3, 0);

test('RankNet and ListNet gradients agree with finite differences, including large scores', () => {
  for (const scale of [1, 20]) {
    const scores = normals(8, scale);
    const batch = { scores, relevance, group };
    for (const [name, loss] of [
      ['ranknet', (g: Float64Array | null) => ranknetLoss(batch, 1.5, g)],
      ['listnet', (g: Float64Array | null) => listnetLoss(batch, g)],
    ] as const) {
      const grad = nans(8);
      loss(grad);
      assert.deepEqual(
        disagreements(
          grad,
          numericGradient(() => loss(null), scores, TOL.h),
          TOL,
          `${name} × ${scale}`,
        ),
        [],
      );
    }
  }
});

test('RankNet in closed form: one pair is softplus(−σ(s_i − s_j)); no pair is 0 with a zero gradient', () => {
  const grad = nans(2);
  const value = ranknetLoss(
    { scores: Float64Array.of(0.3, 1.1), relevance: Float64Array.of(1, 0), group: Float64Array.of(4, 4) },
    2,
    grad,
  );
  close(value, Math.log1p(Math.exp(-2 * (0.3 - 1.1))));
  // Far past where F.softplus turns linear (20): exact.
  close(
    ranknetLoss(
      { scores: Float64Array.of(-20, 20), relevance: Float64Array.of(1, 0), group: Float64Array.of(4, 4) },
      1,
      null,
    ),
    40 + Math.log1p(Math.exp(-40)),
  );
  const none = Float64Array.of(Number.NaN, Number.NaN, Number.NaN);
  assert.equal(
    ranknetLoss({ scores: normals(3), relevance: Float64Array.of(1, 1, 2), group: Float64Array.of(1, 1, 2) }, 1, none),
    0,
  );
  assert.deepEqual(Array.from(none), [0, 0, 0]);
  throwsLossLab(
    () => ranknetLoss({ scores: normals(2), relevance, group }, 0, null),
    'sigma must be a positive number, got 0',
    'sigma',
  );
});

test('ListNet: a one-row group counts 0 in the mean over groups; equal scores and relevance give log k', () => {
  // Two groups: a pair with equal scores and relevance (log 2), and a single row (0): mean log(2)/2.
  const grad = nans(3);
  close(
    listnetLoss(
      { scores: Float64Array.of(0.5, 0.5, 9), relevance: Float64Array.of(1, 1, 3), group: Float64Array.of(1, 1, 2) },
      grad,
    ),
    Math.log(2) / 2,
  );
  assert.deepEqual(Array.from(grad), [0, 0, 0]);
});

test('InfoNCE gradients agree with finite differences through the normalisation', () => {
  for (const [n, d, temperature] of [
    [4, 3, 0.5],
    [2, 5, 0.1],
    [3, 2, 1],
  ]) {
    const z1 = normals(n * d);
    const z2 = normals(n * d);
    const grads = { z1: nans(n * d), z2: nans(n * d) };
    infoNceLoss(z1, z2, n, d, temperature, grads);
    const f = () => infoNceLoss(z1, z2, n, d, temperature, null);
    const label = `n ${n} d ${d} τ ${temperature}`;
    assert.deepEqual(
      [
        ...disagreements(grads.z1, numericGradient(f, z1, TOL.h), TOL, `z1 ${label}`),
        ...disagreements(grads.z2, numericGradient(f, z2, TOL.h), TOL, `z2 ${label}`),
      ],
      [],
    );
  }
});

test('InfoNCE in closed form: one pair of identical views (n = 1) has only its positive, loss 0', () => {
  const z = Float64Array.of(3, 4);
  close(infoNceLoss(z, z.slice(), 1, 2, 0.5, null), 0);
  // Two pairs, views identical, the pairs orthogonal: row r sees exp(2) (positive) and two exp(0): log(e² + 2) − 2.
  const a = Float64Array.of(1, 0, 0, 2);
  close(infoNceLoss(a, a.slice(), 2, 2, 0.5, null), Math.log(Math.exp(2) + 2) - 2);
});

test('uncertainty weighting: sum over tasks of L/(2σ²) + log σ²/2, with its gradient in closed form', () => {
  const losses = Float64Array.of(0.7, 2.5, 0.01);
  const logVars = Float64Array.of(-0.3, 1.2, 0);
  const grads = { losses: nans(3), logVars: nans(3) };
  const value = uncertaintyWeighting(losses, logVars, grads);
  close(
    value,
    [0, 1, 2].reduce((s, k) => s + losses[k] / (2 * Math.exp(logVars[k])) + logVars[k] / 2, 0),
  );
  const f = () => uncertaintyWeighting(losses, logVars, null);
  assert.deepEqual(
    [
      ...disagreements(grads.losses, numericGradient(f, losses, TOL.h), TOL, 'losses'),
      ...disagreements(grads.logVars, numericGradient(f, logVars, TOL.h), TOL, 'log_vars'),
    ],
    [],
  );
  // At the optimum of s for a fixed L, σ² = L: d/ds = 0.
  const g = { losses: nans(1), logVars: nans(1) };
  uncertaintyWeighting(Float64Array.of(2), Float64Array.of(Math.log(2)), g);
  close(g.logVars[0], 0);
});
