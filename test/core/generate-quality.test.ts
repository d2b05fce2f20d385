/**
 * The generate task's quality measures against scipy and scikit-learn (test/fidelity/generate_quality.py),
 * total variation against its closed form, and the baselines on data whose answer is known.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corrDiff, ks2, rocAuc, tvd, c2stOnSplit } from '../../src/core/generate/quality';
import { fitLogistic } from '../../src/core/generate/logistic';
import { gaussianCopula, independentMarginals } from '../../src/core/generate/baselines';
import { normalQuantile, normalCdf } from '../../src/core/generate/normal';
import { pearson } from '../../src/core/generate/quality';
import { Rng } from '../../src/core/rng';
import { fixturePath } from './fixtures';

const ref = JSON.parse(readFileSync(fixturePath('test/fixtures/generate/quality.json', '.'), 'utf8'));
const close = (a: number, e: number, tol = 1e-12) =>
  assert.ok(Math.abs(a - e) <= tol * (1 + Math.abs(e)), `${a} vs ${e}`);

test('ks2 is scipy.stats.ks_2samp statistic, ties included', () => {
  for (const c of ref.ks) close(ks2(c.a, c.b), c.statistic);
  assert.equal(ref.ks.length, 4);
});

test('rocAuc is sklearn roc_auc_score, ties counted half', () => {
  for (const c of ref.auc) close(rocAuc(c.scores, c.labels), c.auc);
});

test('corrDiff is the mean |r_real - r_synth| over the pairs of numeric columns (numpy corrcoef)', () => {
  for (const c of ref.corr) {
    const col = (m: number[][]) => m.map((r) => Float64Array.from(r));
    close(corrDiff(col(c.real), col(c.synth))!, c.corr_diff, 1e-10);
  }
  assert.equal(corrDiff([new Float64Array([1, 2, 3])], [new Float64Array([3, 1, 2])]), null);
});

test('the two-sample classifier is sklearn LogisticRegression (C = 1), its AUC on the other half roc_auc_score', () => {
  for (const c of ref.c2st) {
    const d = c.x[0].length;
    const x = Float64Array.from(c.x.flat());
    const y = Float64Array.from(c.y);
    const fit = Int32Array.from(c.fit);
    const pick = (a: Float64Array, w: number) =>
      Float64Array.from([...fit].flatMap((r) => [...a.subarray(r * w, (r + 1) * w)]));
    const m = fitLogistic(pick(x, d), pick(y, 1), d);
    // sklearn's lbfgs stops within about 1e-5 of the optimum that Newton's method reaches.
    Array.from(m.w).forEach((w, j) => close(w, c.coef[j], 1e-4));
    close(m.b, c.intercept, 1e-4);
    close(c2stOnSplit(x, y, d, fit, Int32Array.from(c.test)), c.auc, 1e-12);
  }
});

test('tvd is half the L1 distance of the label frequencies', () => {
  // p = (1/2, 1/4, 1/4), q = (0, 1/2, 1/2): ½(1/2 + 1/4 + 1/4) = 1/2.
  close(tvd(Int32Array.from([0, 0, 1, 2]), Int32Array.from([1, 2]), 3), 0.5);
  assert.equal(tvd(Int32Array.from([0, 1]), Int32Array.from([1, 0]), 2), 0);
});

test('normalQuantile inverts normalCdf, and matches known quantiles', () => {
  close(normalQuantile(0.975), 1.959963984540054, 1e-14);
  close(normalQuantile(1e-10), -6.361340902404056, 1e-12);
  for (const p of [1e-8, 0.01, 0.3, 0.5, 0.8, 0.999]) close(normalCdf(normalQuantile(p)), p, 1e-9);
});

test('the baselines: independent marginals lose a correlation the Gaussian copula keeps', () => {
  const rng = new Rng(3);
  const n = 4000;
  const a = Float64Array.from({ length: n }, () => rng.normal());
  const b = Float64Array.from(a, (v) => Math.exp(0.8 * v + 0.6 * rng.normal()));
  const codes = Int32Array.from(a, (v) => (v > 0.5 ? 1 : 0));
  const train = { n, numeric: [a, b], categorical: [codes] };
  const ind = independentMarginals(train, n, new Rng(4));
  const cop = gaussianCopula(train, n, new Rng(5));
  assert.ok(Math.abs(pearson(ind.numeric[0], ind.numeric[1])) < 0.05, 'independent');
  const real = pearson(a, b);
  assert.ok(Math.abs(pearson(cop.numeric[0], cop.numeric[1]) - real) < 0.08, `${real}`);
  // Marginals kept: the same values (empirical quantiles), the label frequencies within sampling error.
  assert.ok(ks2(cop.numeric[1], b) < 0.03, `ks ${ks2(cop.numeric[1], b)}`);
  assert.ok(tvd(cop.categorical[0], codes, 2) < 0.03, `tvd ${tvd(cop.categorical[0], codes, 2)}`);
  // The label follows a in the copula (a > 0.5 means label 1), not in independent marginals (by chance:
  // 0.31² + 0.69² ≈ 0.57). A normal-scores correlation of a label with a number is attenuated, so not always.
  const agree = (s: typeof cop) => s.categorical[0].filter((k, i) => (k === 1) === s.numeric[0][i] > 0.5).length / n;
  assert.ok(agree(cop) > 0.75 && agree(ind) < 0.65, `${agree(cop)} ${agree(ind)}`);
});
