/**
 * A formula loss as PyTorch code. The Python is printed from the parsed syntax tree, never from the
 * formula's text: numbers are written as literals that read back as the same double, parameters become
 * 0-d float64 tensors under checked identifiers, and every node kind and function has its own mapping.
 *
 * The code keeps Loss Lab's semantics (compile.ts): the same overflow-free forms of softplus, log∘cosh and
 * log∘sigmoid, comparisons as 0/1, a `?:` whose test is any nonzero number and whose NaN test gives NaN,
 * min, max and clamp with torch's tie rules, and the mean over every output element (regression on each
 * target column, binary on the logit). Constants become tensors wherever an operation would otherwise see
 * two Python numbers (where `1/0` raises instead of giving inf) or a torch function needs a tensor.
 *
 * One deviation: torch.where differentiates both branches and multiplies the one not taken by 0, so a
 * branch whose slope is infinite or NaN where it is not taken (sqrt(pred) at 0, say) gives a NaN gradient
 * in PyTorch where Loss Lab, which differentiates only the branch taken, gives a number. And `^` is
 * JavaScript's ** in Loss Lab and C's pow in torch: they differ only on 1^NaN and (-1)^±inf (NaN against 1).
 */
import type { RunConfig } from '../config/types';
import { LossLabError } from '../errors';
import { FORMULA_LOSS_ID, compileFormula, formulaParts } from '../formula';
import type { Node } from '../formula';
import { commentLine, pyNumber } from './python';

const FIELD = `loss.${FORMULA_LOSS_ID}`;

/** Deepest parenthesis nesting the generated expression may have: Python's tokenizer stops at 200. */
export const MAX_PYTHON_NESTING = 190;

/** Python's binding strengths for what the printer writes, loosest first: the formula grammar's own order. */
const enum Level {
  Compare = 1,
  Sum,
  Product,
  Unary,
  Power,
  Atom,
}

/** Script functions a formula may need, each written once above loss_fn. */
const HELPERS = {
  softplus: [
    'def softplus(x):',
    '    # log(1 + e^x) as Loss Lab computes it, max(x, 0) + log1p(e^-|x|): finite for any x, where F.softplus',
    '    # returns x itself past 20. max(x, 0) is written (x + |x|) / 2 so that the slope at 0 is sigmoid(0) = 1/2.',
    '    a = x.abs()',
    '    return (x + a) / 2 + torch.log1p(torch.exp(-a))',
  ],
  log_cosh: [
    'def log_cosh(u):',
    '    # |u| + log1p(e^(-2|u|)) - log 2: cosh itself overflows past |u| ~ 710.',
    '    a = u.abs()',
    '    return a + torch.log1p(torch.exp(-2 * a)) - math.log(2)',
  ],
  choose: [
    'def choose(test, a, b):',
    '    # `test ? a : b` for a numeric test: any nonzero test is true, and a NaN test gives NaN.',
    '    return torch.where(test == 0, b, torch.where(test.isnan(), test, a))',
  ],
} as const;

type Helper = keyof typeof HELPERS;

/** Python keywords, and the names loss_fn and its helpers use, which parameters must not shadow. */
const TAKEN = new Set([
  ...'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
  ...['torch', 'F', 'math', 'out', 'y', 'pred', 'target', 'loss_fn', ...Object.keys(HELPERS)],
]);

/** One formula function applied to its arguments, already printed as tensors. */
type CallPrinter = (args: readonly string[], use: (h: Helper) => string) => string;

const torchFn =
  (name: string): CallPrinter =>
  (args) =>
    `torch.${name}(${args.join(', ')})`;

/** Every function of functions.ts, mapped explicitly (the unit tests check that none is missing). */
const CALLS: Readonly<Record<string, CallPrinter>> = {
  abs: torchFn('abs'),
  exp: torchFn('exp'),
  log: torchFn('log'),
  log1p: torchFn('log1p'),
  sqrt: torchFn('sqrt'),
  sin: torchFn('sin'),
  cos: torchFn('cos'),
  tanh: torchFn('tanh'),
  cosh: torchFn('cosh'),
  sinh: torchFn('sinh'),
  sigmoid: torchFn('sigmoid'),
  softplus: ([x], use) => `${use('softplus')}(${x})`,
  sign: torchFn('sign'),
  // torch.minimum and maximum propagate NaN like Math.min and Math.max, and split a tie's slope evenly.
  min: torchFn('minimum'),
  max: torchFn('maximum'),
  // min(max(x, lo), hi), hi winning when lo > hi, as Loss Lab's clamp.
  clamp: ([x, lo, hi]) => `torch.clamp(${x}, ${lo}, ${hi})`,
};

export interface PythonFormula {
  /** The elementwise loss as a Python expression over `pred`, `target` and the parameters' names. */
  expr: string;
  /** The script functions `expr` calls. */
  helpers: Helper[];
}

type Printed = [text: string, level: Level];

class Printer {
  readonly helpers = new Set<Helper>();

  constructor(private readonly names: ReadonlyMap<string, string>) {}

  private use = (h: Helper): string => {
    this.helpers.add(h);
    return h;
  };

  /** The whole formula, which is never a bare number (it uses pred). */
  expression(tree: Node): string {
    return this.show(this.value(tree), Level.Compare);
  }

  /** `n` as a number: a tensor, or a bare Python number where it meets a tensor in an operator. */
  private value(n: Node): Printed {
    switch (n.kind) {
      case 'num': {
        const text = pyNumber(n.value);
        return [text, text.startsWith('-') ? Level.Unary : Level.Atom];
      }
      case 'var': {
        const name = this.names.get(n.name);
        if (name === undefined) throw new Error(`formula name ${n.name} has no Python name`);
        return [name, Level.Atom];
      }
      case 'neg':
        return [this.negate(n.arg), Level.Unary];
      case 'binary':
        return this.binary(n);
      case 'compare':
        // A comparison read as a number is 1 or 0, as in compareValue.
        return [`${this.show(this.compare(n), Level.Atom)}.to(torch.float64)`, Level.Atom];
      case 'call':
        return this.call(n);
      case 'cond':
        return [this.cond(n), Level.Atom];
    }
  }

  /** `n` as a tensor: constants are wrapped (torch functions take no Python numbers, and 1/0 must give inf). */
  private tensor(n: Node, atLeast: Level): string {
    if (n.kind === 'num') return `torch.tensor(${pyNumber(n.value)}, dtype=torch.float64)`;
    return this.show(this.value(n), atLeast);
  }

  /** -n, with parentheses around a negative operand so that the code never reads `--x`. */
  private negate(n: Node): string {
    const arg = this.tensor(n, Level.Unary);
    return arg.startsWith('-') ? `-(${arg})` : `-${arg}`;
  }

  private show([text, level]: Printed, atLeast: Level): string {
    return level < atLeast ? `(${text})` : text;
  }

  /** Operands of an operator: bare numbers beside a tensor, tensors when both are numbers. */
  private operands(left: Node, right: Node, levels: [Level, Level]): [string, string] {
    const bothNumbers = left.kind === 'num' && right.kind === 'num';
    const side = (n: Node, atLeast: Level) =>
      bothNumbers ? this.tensor(n, atLeast) : this.show(this.value(n), atLeast);
    return [side(left, levels[0]), side(right, levels[1])];
  }

  private binary(n: Extract<Node, { kind: 'binary' }>): Printed {
    switch (n.op) {
      case '+':
      case '-': {
        const [a, b] = this.operands(n.left, n.right, [Level.Sum, Level.Product]);
        return [`${a} ${n.op} ${b}`, Level.Sum];
      }
      case '*':
      case '/': {
        const [a, b] = this.operands(n.left, n.right, [Level.Product, Level.Unary]);
        return [`${a} ${n.op} ${b}`, Level.Product];
      }
      case '^': {
        // torch's pow special-cases the exponents Loss Lab's compile.ts does (2, 3, 0.5, -1, ...).
        const [a, b] = this.operands(n.left, n.right, [Level.Atom, Level.Unary]);
        return [`${a} ** ${b}`, Level.Power];
      }
    }
  }

  /** A comparison as a boolean tensor. */
  private compare(n: Extract<Node, { kind: 'compare' }>): Printed {
    const [a, b] = this.operands(n.left, n.right, [Level.Sum, Level.Sum]);
    return [`${a} ${n.op} ${b}`, Level.Compare];
  }

  private call(n: Extract<Node, { kind: 'call' }>): Printed {
    const [inner] = n.args;
    // log of cosh and of sigmoid in their overflow-free forms, as compile.ts evaluates them.
    if (n.fn === 'log' && inner.kind === 'call' && inner.fn === 'cosh')
      return [`${this.use('log_cosh')}(${this.tensor(inner.args[0], Level.Compare)})`, Level.Atom];
    if (n.fn === 'log' && inner.kind === 'call' && inner.fn === 'sigmoid')
      return [`-${this.use('softplus')}(${this.negate(inner.args[0])})`, Level.Unary];
    const print = CALLS[n.fn];
    if (!print) throw new Error(`no PyTorch code for the formula function ${n.fn}`);
    const args = n.args.map((a) => this.tensor(a, Level.Compare));
    return [print(args, this.use), Level.Atom];
  }

  private cond(n: Extract<Node, { kind: 'cond' }>): string {
    const then = this.tensor(n.then, Level.Compare);
    const otherwise = this.tensor(n.else, Level.Compare);
    // A comparison is never NaN, so torch.where's boolean test is exact; other tests go through choose.
    if (n.test.kind === 'compare') return `torch.where(${this.compare(n.test)[0]}, ${then}, ${otherwise})`;
    return `${this.use('choose')}(${this.tensor(n.test, Level.Compare)}, ${then}, ${otherwise})`;
  }
}

/** `tree` as a Python expression; `names` maps pred, target and each parameter to its Python name. */
export function pythonFormula(tree: Node, names: ReadonlyMap<string, string>): PythonFormula {
  const printer = new Printer(names);
  const expr = printer.expression(tree);
  return { expr, helpers: [...printer.helpers] };
}

/** Python names for the parameters: their own, or with `_` appended past a keyword or a name the code uses. */
export function parameterNames(params: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set(params);
  for (const p of params) {
    let name = p;
    if (TAKEN.has(name)) {
      while (TAKEN.has(name) || used.has(name)) name += '_';
      used.add(name);
    }
    names.set(p, name);
  }
  return names;
}

/** Deepest parenthesis nesting of generated code (which holds no string literals). */
function nesting(code: string): number {
  let depth = 0;
  let deepest = 0;
  for (const ch of code) {
    if (ch === '(') deepest = Math.max(deepest, ++depth);
    else if (ch === ')') depth--;
  }
  return deepest;
}

/**
 * The script's `loss_fn(out, y)` for a formula loss, with the helpers it calls. The formula and its
 * parameters are checked again here: the run folder's config.json may have been edited since training.
 */
export function formulaLossFunction(config: RunConfig): string {
  const { text, params } = formulaParts(config.loss);
  const task = config.data.task;
  if (task !== 'regression' && task !== 'binary')
    throw new LossLabError(
      `${FIELD}: a formula loss fits regression and binary tasks, and this run's task is ${task ?? 'not recorded'}`,
      { field: FIELD },
    );
  const { tree } = compileFormula(text, params);
  const names = parameterNames(Object.keys(params));
  const { expr, helpers } = pythonFormula(tree, new Map([...names, ['pred', 'pred'], ['target', 'target']]));
  if (nesting(expr) > MAX_PYTHON_NESTING)
    throw new LossLabError(
      `${FIELD} nests too deeply for Python (more than ${MAX_PYTHON_NESTING} parentheses); simplify it to export it`,
      { field: FIELD },
    );
  const bind =
    task === 'binary'
      ? 'pred, target = out[:, 0], y  # the logit, and the label as 0 or 1'
      : 'pred, target = out, y  # one column per target';
  const paramLines = [...names].map(
    ([p, name]) =>
      `${name} = torch.tensor(${pyNumber(params[p])}, dtype=torch.float64)${name === p ? '' : `  # loss.${p}`}`,
  );
  return [
    ...helpers.flatMap((h) => [...HELPERS[h], '', '']),
    '# The formula loss, of each output element, averaged over all of them as Loss Lab does:',
    `#     ${commentLine(text)}`,
    'def loss_fn(out, y):',
    ...[bind, ...paramLines, `return (${expr}).mean()`].map((line) => `    ${line}`),
  ].join('\n');
}
