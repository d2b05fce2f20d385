/**
 * Formula losses printed as PyTorch code, without running Python: the code for each node kind and
 * function, literals that read back as the same double, parameter names Python can hold, and text that
 * cannot end a comment or a docstring. export.torch.ts runs the code with PyTorch.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import type { RunConfig } from '../../src/core/config/types';
import { LossLabError } from '../../src/core/errors';
import { MAX_PYTHON_NESTING, formulaLossFunction, parameterNames, pythonFormula } from '../../src/core/export/formula';
import { commentLine, docstringLine, pyNumber } from '../../src/core/export/python';
import { FUNCTION_NAMES } from '../../src/core/formula';
import { parseFormula } from '../../src/core/formula/parse';

/** The Python for `formula`, with pred, target and the parameters under their Python names. */
function python(formula: string, params: string[] = []) {
  const names = new Map([['pred', 'pred'], ['target', 'target'], ...parameterNames(params)]);
  return pythonFormula(parseFormula(formula, params), names);
}

const code = (formula: string, params: string[] = []) => python(formula, params).expr;

const T = (v: string) => `torch.tensor(${v}, dtype=torch.float64)`;

test('numbers are Python literals that read back as the same double', () => {
  const cases: [number, string][] = [
    [0.1, '0.1'],
    [1e-320, '1e-320'], // subnormal
    [5e-324, '5e-324'],
    [1e308, '1e+308'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [2, '2'],
    [-2.5, '-2.5'],
    [0.30000000000000004, '0.30000000000000004'],
    // Past 2^53 a float literal: a Python int this large would not fit torch's int64 scalars.
    [2 ** 60, '1152921504606847000.0'],
    [1e21, '1e+21'],
  ];
  for (const [v, text] of cases) {
    assert.equal(pyNumber(v), text);
    // Python's float() and JavaScript's Number() both round a decimal correctly, so this is Python's reading.
    assert.equal(Number(text), v, text);
  }
  assert.equal(pyNumber(-0), '-0.0');
  assert.equal(pyNumber(Infinity), 'math.inf');
  assert.equal(pyNumber(-Infinity), '-math.inf');
  assert.equal(pyNumber(Number.NaN), 'math.nan');
  // Inside a formula the same literals, bare beside a tensor and wrapped when two numbers meet.
  assert.equal(code('pred*1e-320 + 1e308*0.1'), `pred * 1e-320 + ${T('1e+308')} * ${T('0.1')}`);
});

test("operators keep the formula's grouping with Python's precedence, which is the grammar's", () => {
  const cases: [string, string][] = [
    ['(pred - target)^2', '(pred - target) ** 2'],
    ['pred - target - 1', 'pred - target - 1'],
    ['pred - (target - 1)', 'pred - (target - 1)'],
    ['pred/target/2', 'pred / target / 2'],
    ['pred/(target*2)', 'pred / (target * 2)'],
    ['pred^target^2', 'pred ** target ** 2'], // right-associative in both
    ['(pred^target)^2', '(pred ** target) ** 2'],
    ['-pred^2', '-pred ** 2'], // -(pred^2) in both
    ['(-pred)^2', '(-pred) ** 2'],
    ['(-2)^pred', '(-2) ** pred'], // a negative literal as a base needs its parentheses in Python
    ['2^-pred', '2 ** -pred'],
    ['-(-pred)', '-(-pred)'],
    ['target*-pred', 'target * -pred'],
    ['pred^target', 'pred ** target'],
  ];
  for (const [formula, expected] of cases) assert.equal(code(formula), expected, formula);
});

test('constants become tensors where torch needs them, and two numbers never meet as Python floats', () => {
  assert.equal(code('max(0, pred)'), `torch.maximum(${T('0')}, pred)`);
  assert.equal(code('pred*(1/0)'), `pred * (${T('1')} / ${T('0')})`); // inf, as in Loss Lab, not ZeroDivisionError
  assert.equal(code('pred + 2^0.5'), `pred + ${T('2')} ** ${T('0.5')}`);
  assert.equal(code('pred^3^2'), `pred ** ${T('3')} ** ${T('2')}`);
  assert.equal(code('pred + -(3)'), 'pred + -3');
  assert.equal(code('clamp(pred, -1, 1)'), `torch.clamp(pred, ${T('-1')}, ${T('1')})`);
});

test('comparisons are booleans in ?: and 0/1 numbers elsewhere; a numeric test goes through choose', () => {
  assert.deepEqual(python('pred > 0 ? pred : 0'), { expr: `torch.where(pred > 0, pred, ${T('0')})`, helpers: [] });
  assert.equal(code('(pred > target)*2'), '(pred > target).to(torch.float64) * 2');
  assert.equal(code('pred + 1 <= target*2 ? 1 : pred'), `torch.where(pred + 1 <= target * 2, ${T('1')}, pred)`);
  assert.equal(
    code('(pred < target) == (target > 0) ? pred : 0'),
    `torch.where((pred < target).to(torch.float64) == (target > 0).to(torch.float64), pred, ${T('0')})`,
  );
  assert.equal(code('1 < 2 ? pred : target'), `torch.where(${T('1')} < ${T('2')}, pred, target)`);
  for (const op of ['<', '<=', '>', '>=', '==', '!='])
    assert.equal(code(`pred ${op} target ? pred : target`), `torch.where(pred ${op} target, pred, target)`);
  assert.deepEqual(python('pred - target ? pred : 1'), {
    expr: `choose(pred - target, pred, ${T('1')})`,
    helpers: ['choose'],
  });
  assert.equal(
    code('pred > 0 ? pred < 1 ? 1 : 2 : 3'),
    `torch.where(pred > 0, torch.where(pred < 1, ${T('1')}, ${T('2')}), ${T('3')})`,
  );
});

test("every formula function has its PyTorch form, the stable ones through the script's helpers", () => {
  const cases: Record<string, [string, string, string[]]> = {
    abs: ['abs(pred)', 'torch.abs(pred)', []],
    exp: ['exp(pred)', 'torch.exp(pred)', []],
    log: ['log(pred)', 'torch.log(pred)', []],
    log1p: ['log1p(pred)', 'torch.log1p(pred)', []],
    sqrt: ['sqrt(pred)', 'torch.sqrt(pred)', []],
    sin: ['sin(pred)', 'torch.sin(pred)', []],
    cos: ['cos(pred)', 'torch.cos(pred)', []],
    tanh: ['tanh(pred)', 'torch.tanh(pred)', []],
    cosh: ['cosh(pred)', 'torch.cosh(pred)', []],
    sinh: ['sinh(pred)', 'torch.sinh(pred)', []],
    sigmoid: ['sigmoid(pred)', 'torch.sigmoid(pred)', []],
    softplus: ['softplus(pred - target)', 'softplus(pred - target)', ['softplus']],
    sign: ['sign(pred)', 'torch.sign(pred)', []],
    min: ['min(pred, target)', 'torch.minimum(pred, target)', []],
    max: ['max(pred, 1)', `torch.maximum(pred, ${T('1')})`, []],
    clamp: ['clamp(pred, target, 2)', `torch.clamp(pred, target, ${T('2')})`, []],
  };
  assert.deepEqual(Object.keys(cases).sort(), [...FUNCTION_NAMES].sort(), 'a case for every function of functions.ts');
  for (const [formula, expr, helpers] of Object.values(cases))
    assert.deepEqual(python(formula), { expr, helpers }, formula);
  // log of cosh and of sigmoid in their overflow-free forms, as Loss Lab's compile.ts.
  assert.deepEqual(python('log(cosh(pred - target))'), { expr: 'log_cosh(pred - target)', helpers: ['log_cosh'] });
  assert.deepEqual(python('log(sigmoid(pred))^2'), { expr: '(-softplus(-pred)) ** 2', helpers: ['softplus'] });
  assert.equal(code('log(sigmoid(-pred))'), '-softplus(-(-pred))');
  assert.equal(code('log(sigmoid(pred - target))'), '-softplus(-(pred - target))');
  assert.equal(code('log(exp(pred))'), 'torch.log(torch.exp(pred))');
});

test('parameters keep their names unless Python or the script already uses them', () => {
  const names = parameterNames(['d', 'lambda', 'lambda_', 'None', 'torch', 'choose', 'y', 'F', 'delta2']);
  assert.deepEqual(Object.fromEntries(names), {
    d: 'd',
    lambda: 'lambda__', // lambda_ is the next parameter's own name
    lambda_: 'lambda_',
    None: 'None_',
    torch: 'torch_',
    choose: 'choose_',
    y: 'y_',
    F: 'F_',
    delta2: 'delta2',
  });
  assert.equal(
    code('lambda*(pred - target)^2 + None*pred', ['lambda', 'None']),
    'lambda_ * (pred - target) ** 2 + None_ * pred',
  );
});

function formulaConfig(loss: Record<string, unknown>, task: RunConfig['data']['task']): RunConfig {
  const config = resolveRunConfig({ loss }, defaultConfig('data.csv'));
  return { ...config, data: { ...config.data, task } };
}

test("loss_fn: the formula in a one-line comment, the task's pred, the parameters as float64 tensors", () => {
  const regression = formulaLossFunction(
    formulaConfig(
      {
        formula:
          'abs(pred - target) <= lambda\n  ? 0.5*(pred - target)^2\r\n  : lambda*(abs(pred - target) - 0.5*lambda)',
        lambda: 0.1,
      },
      'regression',
    ),
  );
  assert.equal(
    regression,
    [
      '# The formula loss, of each output element, averaged over all of them as Loss Lab does:',
      '#     abs(pred - target) <= lambda ? 0.5*(pred - target)^2 : lambda*(abs(pred - target) - 0.5*lambda)',
      'def loss_fn(out, y):',
      '    pred, target = out, y  # one column per target',
      `    lambda_ = ${T('0.1')}  # loss.lambda`,
      `    return (torch.where(torch.abs(pred - target) <= lambda_, 0.5 * (pred - target) ** 2, lambda_ * (torch.abs(pred - target) - 0.5 * lambda_))).mean()`,
    ].join('\n'),
  );
  const binary = formulaLossFunction(formulaConfig({ formula: 'softplus(pred) - target*pred' }, 'binary'));
  assert.match(binary, /^def softplus\(x\):\n/);
  assert.match(binary, /^ {4}pred, target = out\[:, 0\], y {2}# the logit, and the label as 0 or 1$/m);
  assert.match(binary, /^ {4}return \(softplus\(pred\) - target \* pred\)\.mean\(\)$/m);
});

test('text cannot end a comment or a docstring early', () => {
  assert.equal(commentLine('a\nimport os\r\u2028b\u0000c\u000bd'), 'a import os b c d');
  assert.equal(docstringLine('run """\nimport os\n"""'), 'run \\"\\"\\" import os \\"\\"\\"');
  assert.equal(docstringLine('ends in a backslash \\'), 'ends in a backslash \\\\');
});

test('a formula the script cannot carry is refused, naming the field', () => {
  const refuses = (loss: Record<string, unknown>, task: RunConfig['data']['task'], field: string) => {
    const config = formulaConfig({ formula: '(pred - target)^2' }, task);
    const edited = { ...config, loss: { name: 'formula', ...loss } as RunConfig['loss'] };
    assert.throws(
      () => formulaLossFunction(edited),
      (e: unknown) => e instanceof LossLabError && e.where.field === field,
      field,
    );
  };
  // A run folder's config.json edited after training: the formula and its parameters are checked again.
  refuses({ formula: 'lg(pred)' }, 'regression', 'loss.formula');
  refuses({ formula: 'import os' }, 'regression', 'loss.formula');
  refuses({ formula: 'd*pred', d: '1' }, 'regression', 'loss.d');
  refuses({ formula: 'pred', 'd-1': 1 }, 'regression', 'loss.d-1');
  refuses({ formula: '(pred - target)^2' }, 'multiclass', 'loss.formula');
  // Python's tokenizer stops at 200 nested parentheses. 1 - (1 - (... pred)) nests one level less in Python.
  const deep = (levels: number) => `${'1 - ('.repeat(levels + 1)}pred${')'.repeat(levels + 1)}`;
  assert.doesNotThrow(() => formulaLossFunction(formulaConfig({ formula: deep(MAX_PYTHON_NESTING) }, 'regression')));
  refuses({ formula: deep(MAX_PYTHON_NESTING + 1) }, 'regression', 'loss.formula');
});
