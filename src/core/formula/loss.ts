/**
 * A loss written as a formula of one output element, f(pred, target), averaged over every element like
 * the regression losses (PyTorch's `reduction='mean'`): loss = Σ f / m and d loss / d pred_i = f'(pred_i) / m.
 * The slope is the formula's symbolic derivative, checked against finite differences on load.
 */
import { LossLabError, isLossLabError, quote, shorten, showValue } from '../errors';
import { meanElementwise } from '../losses/elementwise';
import { sized } from '../losses/sizes';
import type { LossSpec } from '../losses/types';
import type { ParamSpec } from '../params';
import type { Task } from '../tasks';
import { checkSlope, sampleTargets } from './check';
import { compile } from './compile';
import { derive } from './derive';
import { FUNCTION_NAMES } from './functions';
import { mentions, parseFormula } from './parse';
import { formulaText } from './print';
import { type ElementFn, type Node, PRED, VARIABLES } from './types';

export const FORMULA_LOSS_ID = 'formula';

/** The config field a formula lives in; messages start with it. */
const FIELD = `loss.${FORMULA_LOSS_ID}`;

/** Keys of the loss object that are not parameters. */
const RESERVED = ['name', FORMULA_LOSS_ID];

/** Bound on the derivative's size when read as a tree (the chain rule can square a formula's size). */
export const MAX_DERIVATIVE_NODES = 20000;

/** Parameter names start with a letter, which also keeps out `__proto__`. */
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Runs `fn`, placing a formula error under `loss.formula` (message and field). */
function inFormula<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isLossLabError(e) && !e.where.field)
      throw new LossLabError(`${FIELD}: ${e.message}`, { ...e.where, field: FIELD });
    throw e;
  }
}

/** Nodes in `tree` counting a shared subtree every time it is reached, capped at `limit + 1`. */
function treeSize(tree: Node, limit: number): number {
  const memo = new Map<Node, number>();
  const size = (n: Node): number => {
    const known = memo.get(n);
    if (known !== undefined) return known;
    let s = 1;
    switch (n.kind) {
      case 'neg':
        s += size(n.arg);
        break;
      case 'binary':
      case 'compare':
        s += size(n.left) + size(n.right);
        break;
      case 'call':
        for (const a of n.args) s += size(a);
        break;
      case 'cond':
        s += size(n.test) + size(n.then) + size(n.else);
        break;
      default:
        break;
    }
    s = Math.min(s, limit + 1);
    memo.set(n, s);
    return s;
  };
  return size(tree);
}

export interface CompiledFormula {
  text: string;
  tree: Node;
  /** d f / d pred, simplified. */
  derivative: Node;
  value: ElementFn;
  slope: ElementFn;
}

function checkParamNames(params: Readonly<Record<string, number>>): void {
  for (const [name, v] of Object.entries(params)) {
    const field = `loss.${name}`;
    const shown = `loss.${shorten(name)}`;
    if (!PARAM_NAME.test(name) || RESERVED.includes(name))
      throw new LossLabError(
        `${shown} is not a valid parameter name; use a letter, then letters, digits and _ (not name or formula)`,
        { field },
      );
    if (VARIABLES.includes(name) || FUNCTION_NAMES.includes(name))
      throw new LossLabError(
        `${field} cannot be a parameter: ${quote(name)} is already ${VARIABLES.includes(name) ? 'a variable' : 'a function'}`,
        { field },
      );
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new LossLabError(`${shown} must be a number, got ${showValue(v)}`, { field });
  }
}

/**
 * Parses, differentiates and compiles `text` with `params` bound. Errors name `loss.formula` (with the
 * column) or the parameter: an unknown name, a formula without `pred`, a parameter the formula never uses.
 */
export function compileFormula(text: string, params: Readonly<Record<string, number>> = {}): CompiledFormula {
  checkParamNames(params);
  const names = Object.keys(params);
  const tree = inFormula(() => parseFormula(text, names));
  if (!mentions(tree, PRED))
    throw new LossLabError(
      `${FIELD} does not use pred, so it cannot train the model; write the loss of one output, e.g. (pred - target)^2`,
      {
        field: FIELD,
      },
    );
  for (const name of names)
    if (!mentions(tree, name))
      throw new LossLabError(`loss.${shorten(name)} is not used in ${FIELD}`, { field: `loss.${name}` });
  const derivative = derive(tree);
  if (treeSize(derivative, MAX_DERIVATIVE_NODES) > MAX_DERIVATIVE_NODES)
    throw new LossLabError(
      `${FIELD} is too complex: its derivative has more than ${MAX_DERIVATIVE_NODES} terms; simplify it`,
      { field: FIELD },
    );
  const bound = new Map(Object.entries(params));
  return { text, tree, derivative, value: compile(tree, bound), slope: compile(derivative, bound) };
}

/** d/dpred of `formula`, pretty-printed: names it does not know are read as parameters. */
export function derivativeText(formula: string): string {
  return formulaText(derive(inFormula(() => parseFormula(formula, 'any'))));
}

/** The formula as the parser read it, with the parentheses it needs and no others. */
export function normalizedText(formula: string): string {
  return formulaText(inFormula(() => parseFormula(formula, 'any')));
}

/** Throws when the slope disagrees with finite differences of the value, or no sample point gives a value. */
function checkOnLoad(f: CompiledFormula, task?: Task): void {
  const targets = sampleTargets(task);
  const { checked, mismatch } = checkSlope(f.value, f.slope, targets);
  if (mismatch) {
    const { pred, target, slope, finiteDifference } = mismatch;
    throw new LossLabError(
      `${FIELD}: its derivative ${formulaText(f.derivative)} gives ${slope} at pred = ${pred}, target = ${target}, but finite differences give ${finiteDifference}; this is a bug in Loss Lab's differentiation, please report the formula`,
      { field: FIELD },
    );
  }
  if (checked === 0)
    throw new LossLabError(
      `${FIELD} has no finite, smooth value at any sample point (pred in [-3, 3], target in ${targets.join(', ')}); check its domain (log and sqrt of negative numbers, division by zero)`,
      { field: FIELD },
    );
}

/**
 * The loss `text` with its parameters bound, for a regression or binary task. For binary, pred is the raw
 * logit (no sigmoid applied) and target is 0 or 1. `compute` ignores its params argument: the values are
 * compiled in, and `params` lists them for display.
 */
export function formulaLoss(text: string, params: Readonly<Record<string, number>> = {}, task?: Task): LossSpec {
  const f = compileFormula(text, params);
  checkOnLoad(f, task === 'regression' || task === 'binary' ? task : undefined);
  const specs: ParamSpec[] = Object.entries(params).map(([name, v]) => ({
    name,
    type: 'number',
    default: v,
    doc: `A parameter of ${FIELD}.`,
  }));
  const { value, slope } = f;
  return {
    id: FORMULA_LOSS_ID,
    title: 'Formula',
    description: `${formulaText(f.tree)}, averaged over the outputs; pred is the output (the raw logit for binary, with target 0 or 1).`,
    ...sized(FORMULA_LOSS_ID, { regression: 'classes', binary: 1 }),
    params: specs,
    arity: 1,
    compute(batch, _p, grads) {
      return meanElementwise(batch, grads, value, slope);
    },
  };
}
