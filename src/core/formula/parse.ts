/**
 * A recursive-descent parser for loss formulas. Lowest to highest precedence:
 *
 *   cond       := compare ('?' cond ':' cond)?                   right-associative
 *   compare    := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?   does not chain
 *   sum        := product (('+' | '-') product)*
 *   product    := unary (('*' | '/') unary)*
 *   unary      := '-' unary | power
 *   power      := atom ('^' unary)?                              right-associative; -x^2 is -(x^2)
 *   atom       := number | name | name '(' cond (',' cond)* ')' | '(' cond ')'
 *
 * Names are resolved here: `pred`, `target`, the parameters, and the functions of functions.ts. Nothing
 * the user writes is ever evaluated as JavaScript. Length and nesting are bounded so that no formula can
 * exhaust the stack or take long to parse, differentiate or compile.
 */
import { LossLabError, closest, quote, shorten } from '../errors';
import { binary, num } from './build';
import { FUNCTION_NAMES, findFunction } from './functions';
import { type Token, formulaError, tokenize } from './tokens';
import { type CompareOp, type Node, PRED, VARIABLES } from './types';

export const MAX_FORMULA_LENGTH = 2000;
/** Deepest nesting of the syntax tree (a chain `a + b + c` nests once per operator). */
export const MAX_DEPTH = 200;

const COMPARISONS: readonly string[] = ['<', '<=', '>', '>=', '==', '!='];

/** The parameter names a formula may use, or `'any'` to read every other name as a parameter. */
export type ParamNames = readonly string[] | 'any';

class Parser {
  private at = 0;
  /** Depth of each node built, to bound the tree (nodes are shared, so a side table rather than a field). */
  private readonly depths = new WeakMap<Node, number>();

  constructor(
    private readonly tokens: readonly Token[],
    private readonly params: ParamNames,
  ) {}

  private peek(): Token {
    return this.tokens[this.at];
  }

  private next(): Token {
    return this.tokens[this.at++];
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }

  private expect(text: string, context: string): Token {
    if (this.isOp(text)) return this.next();
    throw this.unexpected(`expected ${quote(text)} ${context}`);
  }

  private unexpected(expected: string) {
    const t = this.peek();
    const what = t.kind === 'end' ? 'end of formula' : quote(t.text);
    return formulaError(`unexpected ${what}`, t.column, expected);
  }

  /** Records a new node's depth and rejects it past the limit, pointing at the operator that built it. */
  private node(n: Node, column: number, children: readonly Node[]): Node {
    const depth = 1 + Math.max(0, ...children.map((c) => this.depths.get(c) ?? 1));
    if (depth > MAX_DEPTH) throw formulaError('formula nests too deeply', column, `the limit is ${MAX_DEPTH} levels`);
    this.depths.set(n, depth);
    return n;
  }

  parse(): Node {
    const tree = this.cond();
    if (this.peek().kind !== 'end') throw this.unexpected('expected an operator or the end of the formula');
    return tree;
  }

  private cond(): Node {
    const test = this.compare();
    if (!this.isOp('?')) return test;
    const q = this.next();
    const then = this.cond();
    this.expect(':', `to go with the '?' at column ${q.column}`);
    const otherwise = this.cond();
    return this.node({ kind: 'cond', test, then, else: otherwise }, q.column, [test, then, otherwise]);
  }

  private compare(): Node {
    const left = this.sum();
    const t = this.peek();
    if (t.kind !== 'op' || !COMPARISONS.includes(t.text)) return left;
    this.next();
    const right = this.sum();
    const again = this.peek();
    if (again.kind === 'op' && COMPARISONS.includes(again.text))
      throw formulaError('comparisons do not chain', again.column, 'write (a < b)*(b < c) for "a < b < c"');
    return this.node({ kind: 'compare', op: t.text as CompareOp, left, right }, t.column, [left, right]);
  }

  private sum(): Node {
    let left = this.product();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next();
      const right = this.product();
      left = this.node(binary(op.text as '+' | '-', left, right), op.column, [left, right]);
    }
    return left;
  }

  private product(): Node {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.next();
      const right = this.unary();
      left = this.node(binary(op.text as '*' | '/', left, right), op.column, [left, right]);
    }
    return left;
  }

  private unary(): Node {
    if (!this.isOp('-')) return this.power();
    const minus = this.next();
    const arg = this.unary();
    // A negative literal is a number (negation is exact), so constants like clamp's -1 fold.
    if (arg.kind === 'num') return num(-arg.value);
    return this.node({ kind: 'neg', arg }, minus.column, [arg]);
  }

  private power(): Node {
    const base = this.atom();
    if (!this.isOp('^')) return base;
    const op = this.next();
    const exponent = this.unary();
    return this.node(binary('^', base, exponent), op.column, [base, exponent]);
  }

  private atom(): Node {
    const t = this.next();
    if (t.kind === 'number') {
      const value = Number(t.text);
      if (!Number.isFinite(value))
        throw formulaError(`number ${shorten(t.text)} is too large`, t.column, 'the largest is about 1.8e308');
      return num(value);
    }
    if (t.kind === 'name') return this.isOp('(') ? this.call(t) : this.name(t);
    if (t.kind === 'op' && t.text === '(') {
      const inner = this.cond();
      this.expect(')', `to close the '(' at column ${t.column}`);
      return inner;
    }
    this.at--;
    throw this.unexpected('expected a number, a name or (');
  }

  private call(name: Token): Node {
    const spec = findFunction(name.text);
    if (!spec) {
      if (this.isKnownName(name.text)) throw formulaError(`${quote(name.text)} is not a function`, name.column);
      throw formulaError(
        `unknown function ${quote(name.text)}`,
        name.column,
        suggestion(name.text, FUNCTION_NAMES) || `the functions are ${FUNCTION_NAMES.join(', ')}`,
      );
    }
    const open = this.next();
    const args: Node[] = [];
    if (!this.isOp(')')) {
      args.push(this.cond());
      while (this.isOp(',')) {
        this.next();
        args.push(this.cond());
      }
    }
    this.expect(')', `to close the '(' at column ${open.column}`);
    if (args.length !== spec.arity) {
      const plural = (k: number) => `${k} argument${k === 1 ? '' : 's'}`;
      throw formulaError(
        `${plural(args.length)} to ${spec.name}`,
        name.column,
        `${spec.name} takes ${plural(spec.arity)}`,
      );
    }
    return this.node({ kind: 'call', fn: spec.name, args }, name.column, args);
  }

  private isKnownName(name: string): boolean {
    return VARIABLES.includes(name) || (this.params !== 'any' && this.params.includes(name));
  }

  private name(t: Token): Node {
    if (findFunction(t.text))
      throw formulaError(`${quote(t.text)} is a function`, t.column, `call it as ${t.text}(...)`);
    const params = this.params;
    if (params === 'any' || this.isKnownName(t.text)) return { kind: 'var', name: t.text };
    const names = [...VARIABLES, ...params];
    throw formulaError(
      `unknown name ${quote(t.text)}`,
      t.column,
      suggestion(t.text, [...names, ...FUNCTION_NAMES]) || `the names are ${names.join(', ')}`,
    );
  }
}

function suggestion(name: string, candidates: readonly string[]): string {
  const near = closest(name, candidates);
  return near.length ? `did you mean ${quote(near[0])}?` : '';
}

/**
 * The syntax tree of `text`. Errors are LossLabErrors whose message ends with the 1-based column
 * (`unknown function 'lg' at column 5; did you mean 'log'?`) and whose `where.column` holds it.
 */
export function parseFormula(text: string, params: ParamNames): Node {
  if (text.length > MAX_FORMULA_LENGTH)
    throw new LossLabError(`formula is ${text.length} characters long; the limit is ${MAX_FORMULA_LENGTH}`);
  if (text.trim() === '')
    throw new LossLabError(
      'formula is empty; write the loss of one element in terms of pred and target, e.g. (pred - target)^2',
    );
  return new Parser(tokenize(text), params).parse();
}

/** Whether `tree` mentions `name` (a variable or parameter). */
export function mentions(tree: Node, name: string = PRED): boolean {
  switch (tree.kind) {
    case 'num':
      return false;
    case 'var':
      return tree.name === name;
    case 'neg':
      return mentions(tree.arg, name);
    case 'binary':
    case 'compare':
      return mentions(tree.left, name) || mentions(tree.right, name);
    case 'call':
      return tree.args.some((a) => mentions(a, name));
    case 'cond':
      return mentions(tree.test, name) || mentions(tree.then, name) || mentions(tree.else, name);
  }
}
