import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOSSES, getLoss } from '../../src/core/losses';
import type { LossBatch } from '../../src/core/losses';
import { resolveParams } from '../../src/core/params';
import { Rng } from '../../src/core/rng';
import { gradCheck } from './gradcheck';
import type { GradCheckTolerance } from './gradcheck';

const rng = new Rng(20240611);
const TOL: GradCheckTolerance = { h: 1e-5, rtol: 1e-5, atol: 1e-8 };
/** Kinks are approached to within OFF, far more than the step, so no difference straddles one. */
const OFF = 1e-3;

function normals(m: number, scale = 1): Float64Array {
  return Float64Array.from({ length: m }, () => scale * rng.normal());
}

/** Regression: output = target + e for the given errors (k = 1), or random errors over n × k. */
function regression(errors: number[] | null, n = 6, k = 2): LossBatch {
  if (errors) {
    const target = normals(errors.length);
    return { outputs: [target.map((t, i) => t + errors[i])], target, n: errors.length, k: 1 };
  }
  return { outputs: [normals(n * k, 2)], target: normals(n * k), n, k };
}

/** One logit per row, targets alternating 1, 0. */
function binary(logits: number[] | Float64Array): LossBatch {
  const n = logits.length;
  return {
    outputs: [Float64Array.from(logits)],
    target: Float64Array.from({ length: n }, (_, i) => (i + 1) % 2),
    n,
    k: 1,
  };
}

/** n × k logits with class-index targets 0, 1, 2, ... cycling. */
function classes(logits: Float64Array, k: number): LossBatch {
  const n = logits.length / k;
  return { outputs: [logits], target: Float64Array.from({ length: n }, (_, i) => i % k), n, k };
}

/** n × k logits against random target distributions (one row with a zero entry). */
function distribution(logits: Float64Array, k: number): LossBatch {
  const n = logits.length / k;
  const target = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += target[i * k + c] = i === 0 && c === 1 ? 0 : rng.uniform() + 0.05;
    for (let c = 0; c < k; c++) target[i * k + c] /= s;
  }
  return { outputs: [logits], target, n, k };
}

/** Pairs x2 = x1 + delta_i * (unit direction), so that d = |delta_i| exactly where wanted. */
function pairs(distances: number[], similar: number[], e = 3): LossBatch {
  const n = distances.length;
  const x1 = normals(n * e);
  const x2 = new Float64Array(n * e);
  for (let i = 0; i < n; i++) {
    const u = normals(e);
    const norm = Math.hypot(...u);
    for (let j = 0; j < e; j++) x2[i * e + j] = x1[i * e + j] + (distances[i] * u[j]) / norm;
  }
  return { outputs: [x1, x2], target: Float64Array.from(similar), n, k: e };
}

function triplets(n: number, scale: number, e = 3): LossBatch {
  const a = normals(n * e, scale);
  return {
    outputs: [a, a.map((v) => v + 0.5 * rng.normal()), normals(n * e, scale)],
    target: new Float64Array(n),
    n,
    k: e,
  };
}

/**
 * A triplet whose margin term is `z` for each row: the negative sits on the ray from the anchor through
 * a random direction at d(a, pos) + margin - z (distances measured with PyTorch's eps shift).
 */
function tripletsAt(zs: number[], margin: number, e = 3): LossBatch {
  const n = zs.length;
  const base = triplets(n, 1, e);
  const [a, pos, neg] = base.outputs;
  for (let i = 0; i < n; i++) {
    let dp = 0;
    for (let j = 0; j < e; j++) dp += (a[i * e + j] - pos[i * e + j] + 1e-6) ** 2;
    const want = Math.sqrt(dp) + margin - zs[i];
    const u = normals(e);
    const norm = Math.hypot(...u);
    for (let j = 0; j < e; j++) neg[i * e + j] = a[i * e + j] + 1e-6 - (want * u[j]) / norm;
  }
  return base;
}

function around(points: number[]): number[] {
  return points.flatMap((p) => [p - OFF, p + OFF]);
}

interface Check {
  id: string;
  params: Record<string, unknown>;
  what: string;
  batch: () => LossBatch;
}

const checks: Check[] = [];
function check(id: string, params: Record<string, unknown>, what: string, batch: () => LossBatch): void {
  checks.push({ id, params, what, batch });
}

// Regression: random errors, and both sides of every kink.
for (const id of ['mse', 'mae', 'log_cosh']) check(id, {}, 'random', () => regression(null));
check('mae', {}, 'near 0', () => regression(around([0, 1])));
check('log_cosh', {}, 'saturated tanh', () => regression([-40, -25, 25, 40, 0.1]));
for (const delta of [0.5, 1, 2]) {
  check('huber', { delta }, 'random', () => regression(null));
  check('huber', { delta }, 'near ±delta and 0', () => regression(around([-delta, 0, delta, 3 * delta])));
}
for (const beta of [0, 0.5, 1, 2]) {
  check('smooth_l1', { beta }, 'random', () => regression(null));
  check('smooth_l1', { beta }, 'near ±beta', () => regression(around([-beta - 0.5, -beta, beta, beta + 0.5])));
}
for (const q of [0.1, 0.5, 0.9]) {
  check('quantile', { q }, 'random', () => regression(null));
  check('quantile', { q }, 'near 0', () => regression(around([-1, 0, 1])));
}

// Binary logits: random, near the hinge, and large (±50).
const big = [50, -50, -50, 50, 49, -48, 0.5];
for (const pos_weight of [null, 0.3, 3.5]) {
  check('bce', { pos_weight }, 'random', () => binary(normals(8, 3)));
  check('bce', { pos_weight }, '±50', () => binary(big));
}
for (const gamma of [0, 0.5, 1, 2.5]) {
  for (const alpha of [0.25, 0.8]) check('focal', { alpha, gamma }, 'binary random', () => binary(normals(8, 3)));
  check('focal', { gamma }, 'binary ±50', () => binary(big));
  check('focal', { alpha: 0.5, gamma }, 'softmax random', () => classes(normals(6 * 4, 2), 4));
  check('focal', { gamma }, 'softmax ±50', () =>
    classes(Float64Array.from([50, -50, 0, 20, -50, 50, 3, 1, 0, 0, 50, -50]), 3),
  );
}
for (const id of ['hinge', 'squared_hinge']) {
  check(id, {}, 'random', () => binary(normals(8, 2)));
  // Targets alternate 1, 0 (read as -1), so y s = 1 ± OFF at s = ±(1 ± OFF).
  check(id, {}, 'near the hinge', () => binary([1 - OFF, -1 - OFF, 1 + OFF, -1 + OFF, 50, -50]));
}
for (const smooth of [0.01, 1, 5]) {
  for (const id of ['dice', 'jaccard']) {
    check(id, { smooth }, 'random', () => binary(normals(8, 2)));
    check(id, { smooth }, '±50 mixed with moderate', () => binary([50, -50, 2, -1, 0.3, 8]));
  }
}

// Softmax losses.
check('cross_entropy', {}, 'random', () => classes(normals(6 * 4, 2), 4));
check('cross_entropy', {}, 'binary, 2 outputs', () => classes(normals(6 * 2, 2), 2));
check('cross_entropy', { weight: [0.2, 1.5, 0.7, 1] }, 'weighted', () => classes(normals(6 * 4, 2), 4));
check('cross_entropy', { label_smoothing: 0.15 }, 'smoothed', () => classes(normals(6 * 4, 2), 4));
check('cross_entropy', { weight: [0.2, 1.5, 0.7, 1], label_smoothing: 0.3 }, 'weighted and smoothed', () =>
  classes(normals(6 * 4, 2), 4),
);
check('cross_entropy', { weight: [0.2, 1.5, 0.7], label_smoothing: 0.1 }, '±50', () =>
  classes(Float64Array.from([50, -50, 0, 20, -50, 50, 3, 1, 0, 0, 50, -50]), 3),
);
check('kl_div', {}, 'random', () => distribution(normals(5 * 4, 2), 4));
check('kl_div', {}, '±50', () => distribution(Float64Array.from([50, -50, 0, 20, -50, 50, 3, 1, 0, 0, 50, -50]), 3));
for (const margin of [0.5, 1, 2]) {
  check('multi_margin', { margin }, 'random', () => classes(normals(6 * 4, 1), 4));
  // Row i: x_y = 0 (y = i % 3), the others sit at -margin ± OFF, straddling the margin from both sides.
  check('multi_margin', { margin }, 'near the margin', () =>
    classes(
      Float64Array.from([
        0,
        -margin + OFF,
        -margin - OFF,
        -margin - OFF,
        0,
        -margin + OFF,
        -margin + OFF,
        -margin - OFF,
        0,
      ]),
      3,
    ),
  );
}

// Embeddings.
for (const margin of [0.5, 1, 2.5]) {
  check('contrastive', { margin }, 'random', () => pairs([0.3, 1.2, 2, 0.7, 3, 0.1], [1, 0, 0, 1, 0, 0]));
  check('contrastive', { margin }, 'near d = margin and small d', () =>
    pairs([margin - OFF, margin + OFF, 0.01, 0.01], [0, 0, 0, 1]),
  );
  check('triplet', { margin }, 'random', () => triplets(6, 1));
  check('triplet', { margin }, 'near the margin', () => tripletsAt([-OFF, OFF, 0.5, -0.5], margin));
}
check('triplet', {}, 'large embeddings', () => triplets(5, 1000));
check('contrastive', {}, 'large embeddings', () => pairs([1e3, 0.5, 2e3], [1, 0, 0]));

// Ranking: groups of 3, 4, 1 and 2 rows (rows interleaved), grades with ties, scores far from ties.
function ranking(scale: number): LossBatch {
  const group = Float64Array.from([0, 1, 0, 1, 2, 0, 1, 3, 1, 3]);
  const target = Float64Array.from([2, 0, 1, 3, 1, 1, 0, 0, 2, 1]);
  return { outputs: [normals(group.length, scale)], target, n: group.length, k: 1, group };
}
for (const scale of [1, 10]) {
  check('ranknet', { sigma: 1 }, `scores of scale ${scale}`, () => ranking(scale));
  check('lambdarank', { sigma: 1 }, `scores of scale ${scale}`, () => ranking(scale));
  check('lambdarank', { sigma: 2.5 }, `scores of scale ${scale}`, () => ranking(scale));
  check('listnet', {}, `scores of scale ${scale}`, () => ranking(scale));
  check('margin_ranking', { margin: 0.5 }, `scores of scale ${scale}`, () => ranking(scale));
}

// Adversarial losses as the registry computes them: the discriminator's loss on [D(real), D(fake)].
function adversarial(real: number[], fake: number[]): LossBatch {
  const [r, f] = [Float64Array.from(real), Float64Array.from(fake)];
  return { outputs: [r, f], target: new Float64Array(0), n: real.length, k: 1 };
}
for (const id of ['gan_minimax', 'gan_nonsaturating', 'lsgan', 'hinge_gan', 'wgan', 'wgan_gp']) {
  check(id, {}, 'moderate outputs', () => adversarial([0.3, -1.7, 2.2, 0.6], [-0.4, 1.3, -2.5, 0.1]));
  check(id, {}, 'outputs of ±40', () => adversarial([40, -40, 3], [-40, 40, -3]));
}

for (const c of checks) {
  test(`gradient of ${c.id} ${JSON.stringify(c.params)} (${c.what}) matches finite differences`, () => {
    const loss = getLoss(c.id);
    const errors = gradCheck(loss, c.batch(), resolveParams(loss.params, c.params, 'loss', loss.id), TOL);
    assert.deepEqual(errors.slice(0, 8), []);
  });
}

test('every registered loss is gradient-checked', () => {
  // The multitask loss is made of its heads' losses once bound to them: multitask.test.ts checks it so.
  // The vae loss takes three outputs (recon, mu, logvar): the PyTorch cases check its gradient exactly
  // (loss.json, with and without categorical blocks).
  const checked = new Set([...checks.map((c) => c.id), 'multitask', 'vae']);
  assert.deepEqual(
    LOSSES.map((l) => l.id).filter((id) => !checked.has(id)),
    [],
  );
});
