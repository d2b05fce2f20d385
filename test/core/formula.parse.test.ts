import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFormula, normalizedText } from '../../src/core/formula';

const value = (text: string, pred: number, target: number, params: Record<string, number> = {}): number =>
  compileFormula(text, params).value(pred, target);

test('precedence and associativity, against values worked out by hand at pred = 2, target = 3', () => {
  const cases: [string, number][] = [
    ['pred + target*2', 8],
    ['(pred + target)*2', 10],
    ['pred - target - 1', -2], // (2 - 3) - 1, not 2 - (3 - 1) = 0
    ['pred/target/2', 1 / 3], // (2 / 3) / 2
    ['pred*target/4', 1.5],
    ['pred^3^2', 512], // 2^(3^2), not (2^3)^2 = 64
    ['-pred^2', -4], // -(2^2)
    ['(-pred)^2', 4],
    ['pred^-1', 0.5],
    ['2^-pred^2', 1 / 16], // 2^(-(2^2))
    ['-pred - -target', 1],
    ['--pred', 2],
    ['target*-pred', -6],
    ['pred + 1 < target + 1', 1], // (pred + 1) < (target + 1)
    ['pred*2 >= target*2', 0],
    ['(pred < target) == 1', 1],
    ['pred == 2', 1],
    ['pred != 2', 0],
    ['pred <= 2', 1],
    ['pred > 2', 0],
    ['pred*(target > 2)', 2],
    ['pred < target ? 10 : 20', 10],
    ['pred > target ? 10 : pred == 2 ? 30 : 40', 30], // right-associative
    ['pred == 2 ? target == 3 ? 7 : 8 : 9', 7],
    ['pred - 2 ? 5 : 6', 6], // a zero test takes the else branch
    ['1 + pred > target ? pred : target', 3], // (1 + pred > target) ? ..., not 1 + (... ? ...) = 4
    ['.5*pred + 1e1*pred + 1.5E-1*pred + pred*2.', 1 + 20 + 0.3 + 4],
    ['pred\n  + target\t* 1', 5],
    ['max(pred, target) - min(pred, target)', 1],
    ['clamp(pred, 0, 1) + clamp(pred, -1, 5)*10 + clamp(pred, 4, 6)*100', 1 + 20 + 400],
    ['sign(-pred) + abs(-pred)*10', -1 + 20],
  ];
  for (const [text, expected] of cases)
    assert.ok(
      Math.abs(value(text, 2, 3) - expected) <= 1e-15 * Math.abs(expected),
      `${text}: ${value(text, 2, 3)} vs ${expected}`,
    );
});

test('functions against their definitions', () => {
  const x = 0.7;
  const cases: [string, number][] = [
    ['exp(pred)', Math.E ** x],
    ['log(pred)', Math.log(x)],
    ['log1p(pred)', Math.log(1 + x)],
    ['sqrt(pred)', x ** 0.5],
    ['sin(pred)', Math.sin(x)],
    ['cos(pred)', Math.cos(x)],
    ['tanh(pred)', (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1)],
    ['cosh(pred)', (Math.exp(x) + Math.exp(-x)) / 2],
    ['sinh(pred)', (Math.exp(x) - Math.exp(-x)) / 2],
    ['sigmoid(pred)', 1 / (1 + Math.exp(-x))],
    ['sigmoid(-pred)', 1 / (1 + Math.exp(x))],
    ['softplus(pred)', Math.log(1 + Math.exp(x))],
    ['softplus(-pred)', Math.log(1 + Math.exp(-x))],
    ['log(cosh(pred))', Math.log((Math.exp(x) + Math.exp(-x)) / 2)],
    ['log(sigmoid(pred))', -Math.log(1 + Math.exp(-x))],
  ];
  for (const [text, expected] of cases)
    assert.ok(
      Math.abs(value(text, x, 0) - expected) <= 1e-14 * Math.abs(expected),
      `${text}: ${value(text, x, 0)} vs ${expected}`,
    );
});

test('log∘cosh and log∘sigmoid stay finite where cosh and exp overflow', () => {
  // log cosh x = |x| - log 2 + log1p(e^-2|x|) -> |x| - log 2; log sigmoid x = -log(1 + e^-x) -> x for x << 0.
  assert.equal(value('log(cosh(pred))', 1000, 0), 1000 - Math.LN2);
  assert.equal(value('log(cosh(pred))', -1000, 0), 1000 - Math.LN2);
  assert.equal(value('log(sigmoid(pred))', -1000, 0), -1000);
  assert.equal(value('softplus(pred)', 1000, 0), 1000);
  assert.equal(value('sigmoid(pred)', -1000, 0), 0);
});

test('parameters are bound by name', () => {
  assert.equal(value('a*pred + b', 2, 0, { a: 3, b: -1 }), 5);
  assert.equal(value('abs(pred - target)^q', 1, 5, { q: 1.5 }), 8);
  assert.equal(value('pred*constructor', 2, 0, { constructor: 4 }), 8);
});

test('comparisons give 1 or 0, NaN compares false, and a NaN test gives NaN', () => {
  assert.equal(value('pred < target', Number.NaN, 1), 0);
  assert.equal(value('pred != target', Number.NaN, 1), 1);
  assert.ok(Number.isNaN(value('pred ? 1 : 2', Number.NaN, 0)));
});

test('printing parses back to the same function', () => {
  const formulas = [
    'pred - (target - 1)',
    'pred/(target/2)',
    '(pred^2)^target',
    'pred^2^-target',
    '(-pred)^3',
    '-pred^3',
    '(pred < target) < 1 ? 1 : 2',
    'pred < target ? (pred > 0 ? 1 : 2) : 3',
    '(pred > 0 ? pred : 0)*2',
    '-(pred + target)*-2',
    'max(pred, -target)*clamp(pred, -1, 1) - -3',
    '1e-7*pred + 2.5e21',
  ];
  const points = [-2.3, -0.4, 0.6, 1.9].flatMap((p) => [-1.1, 0.8, 2].map((t) => [p, t] as const));
  for (const f of formulas) {
    const printed = normalizedText(f);
    for (const [p, t] of points)
      assert.equal(value(printed, p, t), value(f, p, t), `${f} printed as ${printed} at (${p}, ${t})`);
  }
  assert.equal(normalizedText('(pred - target)^2'), '(pred - target)^2');
  assert.equal(normalizedText('((pred)) + (target*2)'), 'pred + target*2');
  assert.equal(normalizedText('pred - (target - 1)'), 'pred - (target - 1)');
  assert.equal(normalizedText('(-pred)^2 + -pred^2'), '(-pred)^2 + -pred^2');
});
