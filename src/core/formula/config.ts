/**
 * The formula loss in a config. Its shape is flat, like every other component's:
 *
 *   "loss": {"formula": "abs(pred - target) <= delta ? 0.5*(pred - target)^2 : delta*(abs(pred - target) - 0.5*delta)", "delta": 1}
 *
 * Every key besides `formula` (and an optional `"name": "formula"`) is a numeric parameter the formula
 * uses by name. A run that gives no formula keeps the shared one and may change its parameters; a run
 * that gives a formula takes only the parameters it gives.
 */
import type { ComponentConfig } from '../config/types';
import { type Json, fail, number, object, string } from '../config/fields';
import { FORMULA_LOSS_ID, compileFormula } from './loss';
import { showValue } from '../errors';

const FIELD = `loss.${FORMULA_LOSS_ID}`;

/** Whether the raw loss setting `v`, over `base`, asks for a formula loss. */
export function isFormulaLoss(v: unknown, base: ComponentConfig): boolean {
  if (v === FORMULA_LOSS_ID) return true;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Json;
  return (
    o.formula !== undefined || o.name === FORMULA_LOSS_ID || (o.name === undefined && base.name === FORMULA_LOSS_ID)
  );
}

/** The formula and its numeric parameters, out of a resolved loss config. */
export function formulaParts(loss: Readonly<Record<string, unknown>>): {
  text: string;
  params: Record<string, number>;
} {
  const params: Record<string, number> = {};
  for (const [k, v] of Object.entries(loss)) if (k !== 'name' && k !== FORMULA_LOSS_ID) params[k] = v as number;
  return { text: String(loss[FORMULA_LOSS_ID]), params };
}

/** Resolves a formula loss over `base`, checking the formula (syntax, names, parameters) now. */
export function resolveFormulaLoss(v: unknown, base: ComponentConfig): ComponentConfig {
  const o = v === FORMULA_LOSS_ID ? { name: FORMULA_LOSS_ID } : object(v, 'loss');
  if (o.name !== undefined && o.name !== FORMULA_LOSS_ID)
    fail(
      FIELD,
      `cannot be combined with loss.name ${showValue(o.name)}; a formula loss has no name (or "name": "formula")`,
    );
  const inherits = o.formula === undefined && base.name === FORMULA_LOSS_ID;
  if (o.formula === undefined && !inherits)
    fail(
      FIELD,
      'is required for a formula loss: the loss of one output in terms of pred and target, e.g. "(pred - target)^2"',
    );
  const params = inherits ? formulaParts(base).params : {};
  for (const [k, value] of Object.entries(o))
    if (k !== 'name' && k !== FORMULA_LOSS_ID) params[k] = number(value, `loss.${k}`);
  const text = inherits ? formulaParts(base).text : string(o.formula, FIELD);
  compileFormula(text, params);
  return { name: FORMULA_LOSS_ID, formula: text, ...params };
}
