/** The collapse check (generate/collapse.ts) against spreads worked out by hand, and the VAE's KL term. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COLLAPSE_RATIO, collapseMessage, spreadOf } from '../../src/core/generate/collapse';
import { klMean } from '../../src/core/generate/vae';

const num = (...v: number[]) => Float64Array.from(v);
const cat = (...v: number[]) => Int32Array.from(v);
const columns = (numeric: Float64Array[], categorical: Int32Array[] = []) => ({ numeric, categorical });

test('a numeric column keeps the ratio of the standard deviations (scale a sample by s: ratio s)', () => {
  const real = num(-1, 1, -1, 1, 3, -3);
  const s = spreadOf(columns([real]), columns([real.map((v) => 0.05 * v + 7)]));
  assert.ok(Math.abs(s!.ratio - 0.05) < 1e-15, String(s!.ratio));
  assert.equal(s!.collapsed, true);
});

test('a categorical column keeps (distinct generated − 1) / (distinct real − 1)', () => {
  const real = cat(0, 1, 2, 3, 0, 1);
  assert.equal(spreadOf(columns([], [real]), columns([], [cat(2, 2, 3, 2, 2, 3)]))!.ratio, 1 / 3);
  assert.equal(spreadOf(columns([], [real]), columns([], [cat(1, 1, 1, 1, 1, 1)]))!.ratio, 0);
});

test('the mean over columns, each capped at 1; a column constant in the real rows is left out', () => {
  const real = columns([num(0, 2, 0, 2), num(5, 5, 5, 5)], [cat(0, 1, 0, 1)]);
  // First column: 4 times the spread (capped at 1); second: left out; categorical: one label (0).
  const s = spreadOf(real, columns([num(0, 8, 0, 8), num(1, 2, 3, 4)], [cat(1, 1, 1, 1)]));
  assert.equal(s!.ratio, 0.5);
  assert.equal(s!.collapsed, false);
  assert.equal(spreadOf(columns([num(5, 5)], [cat(0, 0)]), columns([num(1, 2)], [cat(0, 1)])), null);
});

test('collapsed strictly below COLLAPSE_RATIO, with one line that says what to try', () => {
  const real = num(-1, 1);
  const at = spreadOf(columns([real]), columns([real.map((v) => v * COLLAPSE_RATIO)]))!;
  assert.ok(Math.abs(at.ratio - COLLAPSE_RATIO) < 1e-15);
  const below = spreadOf(columns([real]), columns([real.map((v) => v * 0.099)]))!;
  assert.equal(below.collapsed, true);
  assert.equal(
    collapseMessage(below, 15),
    "mode collapse at epoch 15: the generated rows keep 9.9% of the data's spread (below 10%); " +
      'try a lower learning rate, wgan_gp, or more critic steps',
  );
});

test("the VAE's KL term: −½ Σ (1 + log σ² − μ² − σ²) per row, averaged", () => {
  // Row 1: μ = (1, 0), log σ² = (0, ln 2): ½ + ½ (1 − ln 2); row 2: μ = 0, log σ² = 0: 0.
  const kl = klMean(num(1, 0, 0, 0), num(0, Math.log(2), 0, 0), 2);
  assert.ok(Math.abs(kl - (0.5 + 0.5 * (1 - Math.log(2))) / 2) < 1e-15, String(kl));
});
