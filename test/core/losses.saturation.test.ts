/**
 * Logits of ±1000 saturate every sigmoid and softmax to exactly 0 or 1 in float64. The losses must stay
 * finite there and give the closed-form limits: the log terms become linear in the logits and the
 * gradients become the constant slopes (or 0 for a confidently right output).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getLoss } from '../../src/core/losses';
import type { LossBatch } from '../../src/core/losses';
import { resolveParams } from '../../src/core/params';
import { analytic } from './gradcheck';

const L = 1000;

interface Limit {
  id: string;
  params: Record<string, unknown>;
  batch: LossBatch;
  value: number;
  grad: number[];
}

function close(a: number, e: number): boolean {
  return Math.abs(a - e) <= 1e-300 + 1e-12 * Math.abs(e);
}

function batch(x: number[], target: number[], k = 1): LossBatch {
  return { outputs: [Float64Array.from(x)], target: Float64Array.from(target), n: x.length / k, k };
}

const limits: Limit[] = [];

// One logit per row: right (L, y = 1), wrong (-L, y = 1), right (-L, y = 0), wrong (L, y = 0).
const logits = [L, -L, -L, L];
const y = [1, 1, 0, 0];
for (const pw of [1, 3.5]) {
  // Wrong rows cost softplus(L) = L (times pos_weight for a positive); slopes are sigmoid - y.
  limits.push({
    id: 'bce',
    params: { pos_weight: pw },
    batch: batch(logits, y),
    value: (pw * L + L) / 4,
    grad: [0, -pw / 4, 0, 1 / 4],
  });
}
for (const [alpha, gamma] of [
  [0.25, 2],
  [0.7, 0.5],
  [0.5, 0],
]) {
  // Wrong rows: p_t = 0, so the modulating factor is 1 and the loss is alpha_t times BCE's.
  limits.push({
    id: 'focal',
    params: { alpha, gamma },
    batch: batch(logits, y),
    value: (alpha * L + (1 - alpha) * L) / 4,
    grad: [0, -alpha / 4, 0, (1 - alpha) / 4],
  });
}
// Hinge: y s = [L, -L, L, -L]; rows 1 and 3 violate by 1 + L.
limits.push({
  id: 'hinge',
  params: {},
  batch: batch(logits, y),
  value: (2 * (1 + L)) / 4,
  grad: [0, -1 / 4, 0, 1 / 4],
});
limits.push({
  id: 'squared_hinge',
  params: {},
  batch: batch(logits, y),
  value: (2 * (1 + L) ** 2) / 4,
  grad: [0, (-2 * (1 + L)) / 4, 0, (2 * (1 + L)) / 4],
});
// Overlap losses: p = [1, 0, 0, 1], so sum p = 2, sum y = 2, sum p y = 1; p (1 - p) = 0 kills every slope.
for (const smooth of [1, 0.5]) {
  limits.push({
    id: 'dice',
    params: { smooth },
    batch: batch(logits, y),
    value: 1 - (2 + smooth) / (4 + smooth),
    grad: [0, 0, 0, 0],
  });
  limits.push({
    id: 'jaccard',
    params: { smooth },
    batch: batch(logits, y),
    value: 1 - (1 + smooth) / (3 + smooth),
    grad: [0, 0, 0, 0],
  });
}
// Regression with huge errors: log cosh e -> |e| - log 2, slope tanh -> sign.
limits.push({
  id: 'log_cosh',
  params: {},
  batch: batch([L, -L, 800], [0, 0, 0]),
  value: (2800 - 3 * Math.log(2)) / 3,
  grad: [1 / 3, -1 / 3, 1 / 3],
});

// Softmax rows: a wrong one (max at class 0, target 1) and a right one (max at class 2, target 2).
// The log-softmax is x - max exactly, and the softmax is one-hot at the max.
const rows = [L, -L, 0, -L, 0, L];
const cls = [1, 2];
const lp = [0, -2 * L, -L, -2 * L, -L, 0];
const onehot = [1, 0, 0, 0, 0, 1];
const e = [0, 1, 0, 0, 0, 1];
limits.push({
  id: 'cross_entropy',
  params: {},
  batch: batch(rows, cls, 3),
  value: (2 * L + 0) / 2,
  grad: onehot.map((p, j) => (p - e[j]) / 2),
});
{
  // PyTorch's weighted, smoothed form: [(1 - eps) w_y (p - e_y) + eps/C (p sum w - w)] / sum_i w[y_i].
  const w = [0.5, 2, 1.5];
  const eps = 0.2;
  const W = w[1] + w[2];
  const sw = w[0] + w[1] + w[2];
  const smoothTerm = -lp.reduce((s, v, i) => s + w[i % 3] * v, 0);
  limits.push({
    id: 'cross_entropy',
    params: { weight: w, label_smoothing: eps },
    batch: batch(rows, cls, 3),
    value: ((1 - eps) * (w[1] * 2 * L) + (eps / 3) * smoothTerm) / W,
    grad: onehot.map(
      (p, j) => ((1 - eps) * w[cls[Math.floor(j / 3)]] * (p - e[j]) + (eps / 3) * (p * sw - w[j % 3])) / W,
    ),
  });
}
for (const gamma of [2, 0.5]) {
  // Wrong row: p_t = 0, so it is alpha times cross-entropy; the right row has q = 0 and contributes nothing.
  limits.push({
    id: 'focal',
    params: { alpha: 0.4, gamma },
    batch: batch(rows, cls, 3),
    value: (0.4 * 2 * L) / 2,
    grad: [0.2, -0.2, 0, 0, 0, 0],
  });
}
{
  // KL: sum P log P - sum P lp, slope (onehot - P) / N.
  const P = [0.2, 0.5, 0.3, 0, 0.25, 0.75];
  const xlogx = P.reduce((s, p) => s + (p > 0 ? p * Math.log(p) : 0), 0);
  const cross = P.reduce((s, p, i) => s + p * lp[i], 0);
  limits.push({
    id: 'kl_div',
    params: {},
    batch: batch(rows, P, 3),
    value: (xlogx - cross) / 2,
    grad: onehot.map((p, j) => (p - P[j]) / 2),
  });
}
// Multi-margin, margin 1: the wrong row violates at classes 0 (1 + 2L) and 2 (1 + L); the right row not at all.
limits.push({
  id: 'multi_margin',
  params: {},
  batch: batch(rows, cls, 3),
  value: (2 + 3 * L) / 3 / 2,
  grad: [1 / 6, -2 / 6, 1 / 6, 0, 0, 0],
});

for (const c of limits) {
  test(`${c.id} ${JSON.stringify(c.params)} at logits of ±${L} is finite and at its limit`, () => {
    const loss = getLoss(c.id);
    const { value, grads } = analytic(loss, c.batch, resolveParams(loss.params, c.params, 'loss', loss.id));
    assert.ok(close(value, c.value), `value ${value}, limit ${c.value}`);
    const g = Array.from(grads[0]);
    assert.ok(
      g.every((v, i) => Number.isFinite(v) && close(v, c.grad[i])),
      `grad ${g.join(', ')}, limit ${c.grad.join(', ')}`,
    );
  });
}
