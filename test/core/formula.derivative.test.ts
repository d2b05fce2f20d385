import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LossLabError } from '../../src/core/errors';
import { FUNCTION_NAMES, compileFormula, derivativeText, formulaLoss } from '../../src/core/formula';
import { SAMPLE_PREDS, checkSlope } from '../../src/core/formula/check';
import { gradCheck } from './gradcheck';

interface Case {
  formula: string;
  params?: Record<string, number>;
  /** Where the formula has a kink or a jump, for a given target; finite differences say nothing there. */
  kinks?: (target: number) => number[];
}

/** Every function and operator, with pred inside so the chain rule is exercised too. */
const CASES: Case[] = [
  { formula: 'pred + target' },
  { formula: 'target - 2*pred' },
  { formula: 'pred*pred*target' },
  { formula: '(pred + 4)/(1 + target^2)' },
  { formula: 'target/(pred^2 + 1)' },
  { formula: 'pred/(pred^2 + target^2 + 1)' },
  { formula: '-pred^3' },
  { formula: 'pred^3 + pred^2 + pred^1 + pred^0' },
  { formula: '(pred + 4)^0.5 + (pred + 4)^-0.5 + (pred + 4)^-1 + (pred + 4)^-2 + (pred + 4)^1.7' },
  { formula: '(pred + 4)^(target + 2)' },
  { formula: '(target + 2)^pred' },
  { formula: '(pred + 4)^(pred/3)' },
  { formula: 'exp(pred)^pred' },
  { formula: 'abs(pred + 4)^q', params: { q: 1.3 } },
  { formula: 'a*(pred - target)^2 + b*pred', params: { a: 0.7, b: -2 } },
  { formula: 'abs(pred - target)', kinks: (t) => [t] },
  { formula: 'exp(0.5*pred*target)' },
  { formula: 'log(pred^2 + 1)' },
  { formula: 'log(pred + 4)' },
  { formula: 'log1p(pred^2)' },
  { formula: 'sqrt(pred^2 + 0.5)' },
  { formula: 'sin(2*pred) + cos(pred*target)' },
  { formula: 'tanh(pred - target)' },
  { formula: 'cosh(pred/2)' },
  { formula: 'sinh(pred)' },
  { formula: 'sigmoid(pred*target)' },
  { formula: 'softplus(-pred) + softplus(pred - target)' },
  { formula: 'sign(pred - target)*pred^2', kinks: (t) => [t] },
  {
    formula: 'min(pred, target) + max(pred^2, target)',
    kinks: (t) => [t, Math.sqrt(Math.abs(t)), -Math.sqrt(Math.abs(t))],
  },
  { formula: 'clamp(pred, -1, target)*pred', kinks: (t) => [-1, t] },
  { formula: 'clamp(pred, target, 1)', kinks: (t) => [t, 1] },
  { formula: '(pred > target)*pred^2 + (pred <= 0)*pred + (pred == 1) + (pred != 2)*pred', kinks: (t) => [t, 0, 1, 2] },
  { formula: '(pred < target) + (pred >= 1)*exp(pred)', kinks: (t) => [t, 1] },
  { formula: 'pred > 0 ? pred^2 : -pred', kinks: () => [0] },
  {
    formula: 'abs(pred - target) <= d ? 0.5*(pred - target)^2 : d*(abs(pred - target) - 0.5*d)',
    params: { d: 0.8 },
    kinks: (t) => [t - 0.8, t + 0.8],
  },
  { formula: 'log(cosh(pred - target))' },
  { formula: 'log(sigmoid(pred*target)) + log(cosh(pred^2))' },
  { formula: 'softplus(pred) - target*pred' },
];

const PREDS = Array.from({ length: 61 }, (_, i) => -3 + (6 * i) / 60 + 0.0071);
const TARGETS = [-1.3, 0, 0.4, 1, 2.1];

test('every function is covered by a case', () => {
  const text = CASES.map((c) => c.formula).join(' ');
  for (const f of FUNCTION_NAMES) assert.match(text, new RegExp(`\\b${f}\\(`), f);
});

test('symbolic slopes agree with central finite differences of the value', () => {
  const h = 1e-6;
  for (const c of CASES) {
    const f = compileFormula(c.formula, c.params);
    let compared = 0;
    for (const t of TARGETS)
      for (const p of PREDS) {
        if ((c.kinks?.(t) ?? []).some((k) => Math.abs(p - k) < 1e-4)) continue;
        const up = f.value(p + h, t);
        const down = f.value(p - h, t);
        if (!Number.isFinite(up) || !Number.isFinite(down)) continue;
        const fd = (up - down) / (2 * h);
        const slope = f.slope(p, t);
        const tol = 1e-6 * (1 + Math.abs(fd)) + (4 * Number.EPSILON * (Math.abs(up) + Math.abs(down))) / (2 * h);
        assert.ok(
          Math.abs(slope - fd) <= tol,
          `${c.formula} at pred ${p}, target ${t}: slope ${slope} (${derivativeText(c.formula)}), fd ${fd}`,
        );
        compared++;
      }
    assert.ok(compared > 100, `${c.formula}: only ${compared} points compared`);
  }
});

test("slopes at kinks follow PyTorch's autograd", () => {
  const slope = (formula: string, p: number, t = 0) => compileFormula(formula).slope(p, t);
  // torch.abs at 0 and torch.sign everywhere have gradient 0.
  assert.equal(slope('abs(pred - target)', 1.5, 1.5), 0);
  assert.equal(slope('sign(pred)', 0), 0);
  assert.equal(slope('sign(pred)', 2), 0);
  // torch.maximum / torch.minimum split a tie evenly between the two arguments.
  assert.equal(slope('max(pred, target)', 1, 1), 0.5);
  assert.equal(slope('min(pred, target)', 1, 1), 0.5);
  assert.equal(slope('max(pred, 2*pred)', 0), 1.5);
  assert.equal(slope('max(pred, target)', 2, 1), 1);
  assert.equal(slope('max(pred, target)', 0, 1), 0);
  // torch.clamp passes the gradient on [min, max], ends included.
  assert.deepEqual(
    [-1.5, -1, 0, 1, 1.5].map((p) => slope('clamp(pred, -1, 1)', p)),
    [0, 1, 1, 1, 0],
  );
  // A comparison is a step; ?: differentiates the branch it takes.
  assert.equal(slope('pred > 0', 0.5), 0);
  assert.equal(slope('pred >= 0 ? 3*pred : -pred', 0), 3);
  // Huber with delta 1: the slope is clamp(e, -1, 1), so exactly 1 at e = 1.
  const huber = 'abs(pred - target) <= 1 ? 0.5*(pred - target)^2 : abs(pred - target) - 0.5';
  assert.deepEqual(
    [-2, -1, 0.25, 1, 3].map((e) => slope(huber, e + 0.5, 0.5)),
    [-1, -1, 0.25, 1, 1],
  );
});

test('derivatives print simplified', () => {
  assert.equal(derivativeText('(pred - target)^2'), '2*(pred - target)');
  assert.equal(derivativeText('abs(pred - target)'), 'sign(pred - target)');
  assert.equal(derivativeText('log(cosh(pred - target))'), 'tanh(pred - target)');
  assert.equal(derivativeText('softplus(pred) - target*pred'), 'sigmoid(pred) - target');
  assert.equal(derivativeText('0.5*(pred - target)^2'), 'pred - target');
  assert.equal(derivativeText('-pred^2 + 0*pred + 1*target'), '-2*pred');
  assert.equal(derivativeText('pred > 0 ? pred^2 : 0'), 'pred > 0 ? 2*pred : 0');
  assert.equal(derivativeText('exp(pred)'), 'exp(pred)');
  assert.equal(derivativeText('log(pred)'), '1/pred');
  assert.equal(derivativeText('q*pred^q'), 'q*(q*pred^(q - 1))');
  assert.equal(derivativeText('target^pred'), 'target^pred*log(target)');
});

test("the loss averages f over every element and its gradient is f'/m (finite differences of the whole loss)", () => {
  const cases: [string, Record<string, number>, number[]][] = [
    ['log(cosh(pred - target))', {}, [0.3, -1.2, 2.5, 0.1, -0.4, 1.9]],
    ['softplus(pred) - target*pred', {}, [0, 1, 1, 0, 1, 0]],
    ['abs(pred - target)^q', { q: 1.5 }, [0.3, -1.2, 2.5, 0.1, -0.4, 1.9]],
  ];
  for (const [formula, params, target] of cases) {
    const loss = formulaLoss(formula, params);
    const x = new Float64Array([0.9, -0.7, 1.1, 2.2, -2.4, 0.05]);
    const batch = { outputs: [x], target: new Float64Array(target), n: 3, k: 2 };
    assert.deepEqual(gradCheck(loss, batch, {}, { h: 1e-6, rtol: 1e-6, atol: 1e-9 }), [], formula);
    const f = compileFormula(formula, params);
    const mean = Array.from(x, (p, i) => f.value(p, target[i])).reduce((a, b) => a + b) / x.length;
    assert.ok(Math.abs(loss.compute(batch, {}, null) - mean) <= 1e-15, formula);
  }
});

test('the load-time check finds a wrong slope and skips kinks', () => {
  const value = (p: number) => p * p;
  const wrong = checkSlope(value, (p) => 2 * p + 1e-3, [0]);
  assert.ok(wrong.mismatch, 'a slope off by 1e-3 is caught');
  assert.equal(checkSlope(value, (p) => 2 * p, [0]).mismatch, null);
  // A one-sided kink exactly at a sample point: the central difference there is 1, the slope 0.
  const at = SAMPLE_PREDS[5];
  const kinked = checkSlope(
    (p) => (p > at ? 2 * (p - at) : 0),
    (p) => (p > at ? 2 : 0),
    [0],
  );
  assert.deepEqual(kinked, { checked: SAMPLE_PREDS.length - 1, mismatch: null });
});

test('a formula without a finite value anywhere on the samples is refused on load', () => {
  assert.throws(
    () => formulaLoss('log(pred - 10)'),
    (e: unknown) =>
      e instanceof LossLabError && /^loss\.formula has no finite, smooth value at any sample point/.test(e.message),
  );
  // Finite on part of the range is fine: the model may stay there.
  assert.equal(formulaLoss('log(pred + 1)', {}, 'regression').id, 'formula');
});

test('fits regression (one output per target column) and binary (one logit)', () => {
  const loss = formulaLoss('(pred - target)^2');
  assert.deepEqual(loss.tasks, ['regression', 'binary']);
  assert.equal(loss.outputSize('regression', 3), 3);
  assert.equal(loss.outputSize('binary', 2), 1);
  assert.throws(() => loss.outputSize('multiclass', 3), LossLabError);
});
