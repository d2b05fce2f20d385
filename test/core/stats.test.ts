import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { meanStd } from '../../src/core/stats/describe';
import { tCdf, tQuantile } from '../../src/core/stats/tDistribution';
import { pairedComparison, pairedVerdict, signTestP } from '../../src/core/stats/paired';
import { close } from './assertions';
import { fixturePath } from './fixtures';

interface Scipy {
  t_ppf: { p: number; df: number; t: number }[];
  t_cdf: { x: number; df: number; p: number }[];
  paired: {
    a: number[];
    b: number[];
    mean: number;
    std: number;
    interval: [number, number];
    positive: number;
    sign_p: number;
  }[];
  binomtest: { k: number; n: number; p: number }[];
}

// Written by test/core/stats.generate.py with scipy.
const scipy = JSON.parse(readFileSync(fixturePath('stats/scipy.json'), 'utf8')) as Scipy;

test('tCdf matches scipy.stats.t.cdf (48 cases, 1e-13)', () => {
  assert.equal(scipy.t_cdf.length, 48);
  for (const { x, df, p } of scipy.t_cdf) close(tCdf(x, df), p, 1e-13);
});

// scipy's t.ppf (cephes' stdtrit) is good to about 1e-9 only: its own t.cdf of our quantile is closer to p.
test('tQuantile matches scipy.stats.t.ppf (70 cases, 1e-8)', () => {
  assert.equal(scipy.t_ppf.length, 70);
  for (const { p, df, t } of scipy.t_ppf) close(tQuantile(p, df), t, 1e-8);
});

test('tQuantile: closed forms for 1 and 2 degrees of freedom (Cauchy; t = (2p−1)/√(2p(1−p)))', () => {
  for (const p of [0.55, 0.8, 0.975, 0.999, 0.01]) {
    close(tQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)), 1e-11);
    close(tQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-11);
  }
  close(tCdf(0, 7), 0.5);
  assert.throws(() => tQuantile(1, 3), RangeError);
});

test('meanStd: the sample standard deviation (n − 1) by hand', () => {
  const s = meanStd([2, 4, 4, 4, 5, 5, 7, 9]);
  close(s.mean, 5);
  close(s.std, Math.sqrt(32 / 7));
  assert.deepEqual(meanStd([3]), { mean: 3, std: 0, n: 1 });
});

test('pairedComparison matches scipy (t.interval over the differences, binomtest) in 15 cases', () => {
  assert.equal(scipy.paired.length, 15);
  for (const c of scipy.paired) {
    const r = pairedComparison(c.a, c.b);
    close(r.meanDiff, c.mean, 1e-12);
    close(r.interval![0], c.interval[0], 1e-8);
    close(r.interval![1], c.interval[1], 1e-8);
    assert.equal(r.positive, c.positive);
    close(r.signP, c.sign_p, 1e-12);
  }
});

test('signTestP matches scipy.stats.binomtest and the closed forms 2/2ⁿ and 1', () => {
  for (const { k, n, p } of scipy.binomtest) close(signTestP(k, n), p, 1e-12);
  for (const n of [3, 5, 10]) {
    close(signTestP(0, n), 2 / 2 ** n);
    close(signTestP(n, n), 2 / 2 ** n);
  }
  assert.equal(signTestP(0, 0), 1);
});

test('pairedVerdict says whether the interval excludes 0', () => {
  const f = (x: number) => x.toFixed(3);
  const apart = pairedComparison([1.1, 1.2, 1.3], [0.1, 0.25, 0.3]);
  assert.match(pairedVerdict(apart, 'val_loss', f), /excludes 0 over 3 seeds.*real/);
  const mixed = pairedComparison([1, 2, 3], [2, 1, 3.1]);
  assert.match(pairedVerdict(mixed, 'val_loss', f), /includes 0 over 3 seeds/);
  assert.match(pairedVerdict(pairedComparison([1], [2]), 'val_loss', f), /one seed only/);
});
