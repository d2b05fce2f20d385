/**
 * Custom losses written as formulas, e.g. `log(cosh(pred - target))`: parsed by our own parser,
 * differentiated symbolically and compiled to closures; no user text is ever evaluated as JavaScript.
 */
export { formulaParts, isFormulaLoss, resolveFormulaLoss } from './config';
export { FUNCTION_NAMES } from './functions';
export {
  type CompiledFormula,
  FORMULA_LOSS_ID,
  compileFormula,
  derivativeText,
  formulaLoss,
  normalizedText,
} from './loss';
export { MAX_DEPTH, MAX_FORMULA_LENGTH } from './parse';
export type { ElementFn, Node } from './types';
