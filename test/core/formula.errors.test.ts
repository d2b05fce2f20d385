import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LossLabError } from '../../src/core/errors';
import { MAX_DEPTH, MAX_FORMULA_LENGTH, compileFormula, derivativeText, formulaLoss } from '../../src/core/formula';

/** The LossLabError that compiling `text` throws. */
function failure(text: string, params: Record<string, number> = {}): LossLabError {
  try {
    compileFormula(text, params);
  } catch (e) {
    if (e instanceof LossLabError) return e;
    throw e;
  }
  assert.fail(`${JSON.stringify(text)} was accepted`);
}

test('errors name loss.formula and point at the column', () => {
  const cases: [string, string, number][] = [
    ['abs(lg(pred - target))', "unknown function 'lg' at column 5; did you mean 'log'?", 5],
    ['tanh(pred) - targt', "unknown name 'targt' at column 14; did you mean 'target'?", 14],
    ['pred*zzzzzz', "unknown name 'zzzzzz' at column 6; the names are pred, target", 6],
    ['pred +', 'unexpected end of formula at column 7; expected a number, a name or (', 7],
    ['((pred - target)', "unexpected end of formula at column 17; expected ')' to close the '(' at column 1", 17],
    ['pred - target)', "unexpected ')' at column 14; expected an operator or the end of the formula", 14],
    ['2 pred', "unexpected 'pred' at column 3; expected an operator or the end of the formula", 3],
    ['pred ** 2', "unexpected '**' at column 6; use ^ for powers", 6],
    ['pred = target', "unexpected '=' at column 6; use == to compare", 6],
    ['pred > 0 && target > 0', 'unexpected \'&&\' at column 10; multiply comparisons for "and": (a > 0)*(b > 0)', 10],
    ['pred $ 2', 'unexpected character "$" at column 6', 6],
    ['0 < pred < 1', 'comparisons do not chain at column 10; write (a < b)*(b < c) for "a < b < c"', 10],
    ['pred > 0 ? 1', "unexpected end of formula at column 13; expected ':' to go with the '?' at column 10", 13],
    ['log(pred, 2)', '2 arguments to log at column 1; log takes 1 argument', 1],
    ['pred*clamp(pred, 1)', '2 arguments to clamp at column 6; clamp takes 3 arguments', 6],
    ['max()', '0 arguments to max at column 1; max takes 2 arguments', 1],
    ['log + pred', "'log' is a function at column 1; call it as log(...)", 1],
    ['target(pred)', "'target' is not a function at column 1", 1],
    ['pred*1e999', 'number 1e999 is too large at column 6; the largest is about 1.8e308', 6],
    ['pred - ,', "unexpected ',' at column 8; expected a number, a name or (", 8],
  ];
  for (const [text, message, column] of cases) {
    const e = failure(text);
    assert.equal(e.message, `loss.formula: ${message}`, text);
    assert.deepEqual(e.where, { column, field: 'loss.formula' }, text);
  }
});

test('a parameter is suggested for a misspelt name', () => {
  const e = failure('pred*deltaa', { delta: 1 });
  assert.equal(e.message, "loss.formula: unknown name 'deltaa' at column 6; did you mean 'delta'?");
});

test('formulas without pred, unused or badly named parameters are refused', () => {
  assert.equal(
    failure('target^2').message,
    'loss.formula does not use pred, so it cannot train the model; write the loss of one output, e.g. (pred - target)^2',
  );
  assert.equal(failure('pred*a', { a: 1, b: 2 }).message, 'loss.b is not used in loss.formula');
  assert.deepEqual(failure('pred*a', { a: 1, b: 2 }).where, { field: 'loss.b' });
  assert.match(
    failure('pred*log', { log: 1 }).message,
    /^loss\.log cannot be a parameter: 'log' is already a function/,
  );
  assert.match(failure('pred', { pred: 1 }).message, /^loss\.pred cannot be a parameter: 'pred' is already a variable/);
  assert.match(failure('pred', { __proto__x: 1 }).message, /^loss\.__proto__x is not a valid parameter name/);
  assert.match(failure('pred', { 'a-b': 1 }).message, /^loss\.a-b is not a valid parameter name/);
  assert.match(failure('pred*a', { a: Number.NaN }).message, /^loss\.a must be a number/);
  assert.equal(
    failure('').message,
    'loss.formula: formula is empty; write the loss of one element in terms of pred and target, e.g. (pred - target)^2',
  );
});

test('length and nesting are bounded, so no formula can hang or exhaust the stack', () => {
  const long = `pred${' + 1'.repeat(MAX_FORMULA_LENGTH)}`;
  assert.equal(
    failure(long).message,
    `loss.formula: formula is ${long.length} characters long; the limit is ${MAX_FORMULA_LENGTH}`,
  );
  // Parentheses, unary minus, calls and long chains all count towards the depth.
  const parens = `${'('.repeat(MAX_DEPTH + 1)}pred${')'.repeat(MAX_DEPTH + 1)}`;
  assert.equal(compileFormula(parens).value(2, 0), 2, 'parentheses alone add no depth');
  assert.match(
    failure(`${'-'.repeat(MAX_DEPTH + 5)}pred`).message,
    /^loss\.formula: formula nests too deeply at column \d+; the limit is 200 levels$/,
  );
  assert.match(failure(`${'exp('.repeat(MAX_DEPTH + 5)}pred${')'.repeat(MAX_DEPTH + 5)}`).message, /nests too deeply/);
  assert.match(failure(`pred${' + pred'.repeat(MAX_DEPTH + 5)}`).message, /nests too deeply/);
  assert.match(failure(`${'(pred+'.repeat(250)}1${')'.repeat(250)}`).message, /nests too deeply/);
  // The deepest formula allowed still differentiates and compiles: d/dpred of (((pred + pred) + pred) + ...) is 200.
  const deep = `pred${' + pred'.repeat(MAX_DEPTH - 1)}`;
  assert.equal(compileFormula(deep).slope(0.3, 0), MAX_DEPTH);
  // Nested calls and product chains have derivatives that grow with the square of their size (read as a
  // tree, which is what the closures evaluate); past the bound they are refused rather than slow.
  assert.ok(Number.isFinite(compileFormula(`${'tanh('.repeat(40)}pred${')'.repeat(40)}`).slope(0.3, 0)));
  assert.match(
    failure(`${'tanh('.repeat(MAX_DEPTH - 1)}pred${')'.repeat(MAX_DEPTH - 1)}`).message,
    /^loss\.formula is too complex: its derivative has more than 20000 terms; simplify it$/,
  );
  assert.match(failure(`${Array.from({ length: 120 }, (_, i) => `sin(pred+${i})`).join('*')}`).message, /too complex/);
});

test('no user text is ever run: names of JavaScript objects and code are parse errors', () => {
  const exit = process.exit;
  let exited = false;
  process.exit = (() => {
    exited = true;
  }) as typeof process.exit;
  try {
    const attempts = [
      'constructor',
      '__proto__',
      'process.exit()',
      "require('fs')",
      'pred.constructor',
      'toString(pred)',
      'hasOwnProperty(pred)',
      'valueOf',
      'this',
      'eval(pred)',
      'Function(pred)',
      'globalThis.leaked = 1',
      'pred + `x`',
      'pred; process.exit(1)',
      '(() => 1)()',
      'pred[0]',
      'new Date()',
    ];
    for (const text of attempts) assert.throws(() => compileFormula(text), LossLabError, text);
    // The hover's derivativeText reads unknown names as parameters; anything else is still a parse error.
    for (const text of attempts.slice(2))
      if (!/^\w+$/.test(text)) assert.throws(() => derivativeText(text), LossLabError, text);
    assert.equal(derivativeText('constructor*pred + __proto__'), 'constructor');
    // Parameters with such names are looked up in a Map, never on an object's prototype.
    assert.equal(compileFormula('pred*constructor + toString', { constructor: 2, toString: 1 }).value(3, 0), 7);
  } finally {
    process.exit = exit;
  }
  assert.equal(exited, false);
  assert.equal((globalThis as Record<string, unknown>).leaked, undefined);
});

test('the formula module contains no eval and no Function constructor', () => {
  // The sources, not the compiled output under out/ (which has require calls of its own).
  const dir = join(process.cwd(), 'src', 'core', 'formula');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length >= 5, dir);
  for (const f of files)
    assert.doesNotMatch(
      readFileSync(join(dir, f), 'utf8'),
      /\beval\b|\bFunction\s*\(|new\s+Function\b|\bimport\s*\(|\brequire\s*\(/,
      f,
    );
});

test('the derivative check runs when a loss is made, and its errors name loss.formula', () => {
  assert.throws(
    () => formulaLoss('pred*abs(', {}),
    (e: unknown) => e instanceof LossLabError && e.where.field === 'loss.formula' && e.where.column === 10,
  );
});
