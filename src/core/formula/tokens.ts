/** Splits a formula into numbers, names and operators, each with its 1-based column for messages. */
import { LossLabError, quote } from '../errors';

export type TokenKind = 'number' | 'name' | 'op' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  column: number;
}

/** Two-character operators first, so `<=` is not read as `<` then `=`. */
const OPERATORS = ['<=', '>=', '==', '!=', '+', '-', '*', '/', '^', '(', ')', ',', '?', ':', '<', '>'];

const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** A user error in a formula, `what` at the 1-based `column`, then `hint` on what to do. */
export function formulaError(what: string, column: number, hint = ''): LossLabError {
  return new LossLabError(`${what} at column ${column}${hint ? `; ${hint}` : ''}`, { column });
}

/** What else people write for an operator this language spells differently. */
const MISSPELLED: Record<string, string> = {
  '**': 'use ^ for powers',
  '=': 'use == to compare',
  '&&': 'multiply comparisons for "and": (a > 0)*(b > 0)',
  '||': 'use max(a > 0, b > 0) for "or"',
  '!': 'use == 0 for "not"',
};

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const column = i + 1;
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], column });
      i += number[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ kind: 'name', text: name[0], column });
      i += name[0].length;
      continue;
    }
    const wrong = Object.keys(MISSPELLED).find(
      (w) => rest.startsWith(w) && !OPERATORS.some((op) => op.length >= w.length && rest.startsWith(op)),
    );
    if (wrong) throw formulaError(`unexpected ${quote(wrong)}`, column, MISSPELLED[wrong]);
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (!op)
      throw formulaError(
        `unexpected character ${JSON.stringify(String.fromCodePoint(rest.codePointAt(0) ?? 0))}`,
        column,
      );
    tokens.push({ kind: 'op', text: op, column });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', column: text.length + 1 });
  return tokens;
}
