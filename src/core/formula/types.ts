/**
 * The syntax tree of a loss formula, a function f(pred, target) of one output element. Trees are
 * immutable and may share subtrees (a derivative refers back to parts of its formula), so they are
 * directed acyclic graphs that every pass treats as trees.
 */

export type ArithOp = '+' | '-' | '*' | '/' | '^';
/** Comparisons give 1 when true and 0 when false. */
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Node =
  | { readonly kind: 'num'; readonly value: number }
  /** `pred`, `target`, or a parameter (bound to its number when the formula is compiled). */
  | { readonly kind: 'var'; readonly name: string }
  /** Unary minus. */
  | { readonly kind: 'neg'; readonly arg: Node }
  | { readonly kind: 'binary'; readonly op: ArithOp; readonly left: Node; readonly right: Node }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Node; readonly right: Node }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Node[] }
  /** `test ? then : else`; any nonzero test is true. */
  | { readonly kind: 'cond'; readonly test: Node; readonly then: Node; readonly else: Node };

/** One element's loss or its slope, with the parameters already bound. */
export type ElementFn = (pred: number, target: number) => number;

export const PRED = 'pred';
export const TARGET = 'target';
export const VARIABLES: readonly string[] = [PRED, TARGET];
