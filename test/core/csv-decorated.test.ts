/**
 * Decorated numbers, generated: random decimals of many magnitudes and digit counts, written as people
 * write money and shares (currency signs and ISO codes before or after, thousands separators, percent signs,
 * minus signs, parentheses, a trailing minus, a decimal comma with `.` thousands). Each must read as exactly
 * the double JavaScript's own `Number` gives the plain decimal (a percentage: the plain decimal with its
 * point moved two places left, as numbers.ts promises). Seeded, and each failure names its seed and cell.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numberFormat, parseDecorated } from '../../src/core/csv/numbers';
import { Rng } from '../../src/core/rng';

const SEED = 20240611;
const CASES = 20_000;

const int = (rng: Rng, n: number): number => Math.floor(rng.uniform() * n);
const oneOf = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)];
const digits = (rng: Rng, n: number): string => Array.from({ length: n }, () => String(int(rng, 10))).join('');

/** A plain decimal: integer part without leading zeros (or `0`), and 0 to 12 fraction digits. */
function plainDecimal(rng: Rng): { intPart: string; frac: string } {
  const intDigits = oneOf(rng, [1, 1, 2, 3, 4, 5, 6, 7, 9, 12, 16, 19]);
  const intPart = intDigits === 1 ? digits(rng, 1) : String(1 + int(rng, 9)) + digits(rng, intDigits - 1);
  const frac = digits(rng, oneOf(rng, [0, 0, 1, 2, 2, 3, 4, 6, 9, 12]));
  return { intPart, frac };
}

/** `intPart` with `sep` between groups of three digits from the right. */
function group(intPart: string, sep: string): string {
  const groups: string[] = [];
  for (let end = intPart.length; end > 0; end -= 3) groups.unshift(intPart.slice(Math.max(0, end - 3), end));
  return groups.join(sep);
}

/** The plain decimal divided by 100, written out: the point moved two places left. */
function hundredth(intPart: string, frac: string): string {
  const all = intPart.padStart(3, '0') + frac;
  const at = all.length - frac.length - 2;
  return `${all.slice(0, at)}.${all.slice(at)}`;
}

interface Case {
  cell: string;
  decimal: '.' | ',';
  expected: number;
}

function decorated(rng: Rng): Case {
  const { intPart, frac } = plainDecimal(rng);
  const decimal = oneOf(rng, ['.', ','] as const);
  const seps = decimal === '.' ? [',', ' ', '\u00a0', '\u202f', "'"] : ['.', ' ', '\u00a0', '\u202f', "'"];
  const grouped = intPart.length > 3 && rng.uniform() < 0.7 ? group(intPart, oneOf(rng, seps)) : intPart;
  // `.5` for 0.5, now and then, as spreadsheets write it.
  const shownInt = intPart === '0' && frac !== '' && rng.uniform() < 0.2 ? '' : grouped;
  let body = frac === '' ? shownInt : `${shownInt}${decimal}${frac}`;

  const percent = rng.uniform() < 0.25;
  const negative = rng.uniform() < 0.4;
  const value = Number(percent ? hundredth(intPart, frac) : `${intPart}${frac ? `.${frac}` : ''}`);
  if (percent) body = `${body}${oneOf(rng, ['%', ' %'])}`;
  else {
    const currency = oneOf(rng, ['', '', '$', '€', '£', '¥', 'USD', 'EUR', 'CHF']);
    const after = currency !== '' && rng.uniform() < 0.5;
    const space = currency.length === 3 || rng.uniform() < 0.5 ? ' ' : '';
    if (currency && after) body = `${body}${space}${currency}`;
    else if (currency)
      body = rng.uniform() < 0.5 && negative ? `${currency}${space}\u0000${body}` : `${currency}${space}${body}`;
  }
  // \u0000 marks where a minus goes after a leading currency (`$-12.50`); elsewhere the minus leads.
  let cell = body.replace('\u0000', negative ? '-' : '');
  if (negative && !body.includes('\u0000')) {
    const style = oneOf(rng, ['-', '\u2212', '()', 'trailing']);
    const trailingFits = !/[^\d.,%\s'\u00a0\u202f]$/.test(cell) && !cell.endsWith('%');
    if (style === '()') cell = `(${cell})`;
    else if (style === 'trailing' && trailingFits) cell = `${cell}-`;
    else cell = `${style === '\u2212' ? '\u2212' : '-'}${cell}`;
  }
  return { cell, decimal, expected: negative ? -value : value };
}

test(`decorated numbers read as the plain decimal's double (${CASES} generated, seed ${SEED})`, () => {
  const rng = new Rng(SEED);
  for (let i = 0; i < CASES; i++) {
    const { cell, decimal, expected } = decorated(rng);
    const got = parseDecorated(cell, numberFormat(decimal));
    assert.ok(got !== null, `case ${i} (seed ${SEED}): ${JSON.stringify(cell)} with decimal ${decimal} did not read`);
    assert.ok(
      Object.is(got.value, expected),
      `case ${i} (seed ${SEED}): ${JSON.stringify(cell)} with decimal ${decimal} read as ${got.value}, expected ${expected}`,
    );
  }
});

test('the generator writes what it claims: a few cells and their values worked out by hand', () => {
  assert.equal(group('1234567', ','), '1,234,567');
  assert.equal(group('123', '.'), '123');
  assert.equal(hundredth('23', '8'), '0.238');
  assert.equal(hundredth('5', ''), '0.05');
  assert.equal(hundredth('12345', '67'), '123.4567');
  // The parser on the documented examples (numbers.ts).
  const point = numberFormat('.');
  const comma = numberFormat(',');
  assert.equal(parseDecorated('$4,775.85', point)?.value, 4775.85);
  assert.equal(parseDecorated('23.8%', point)?.value, 0.238);
  assert.equal(parseDecorated('(1,200)', point)?.value, -1200);
  assert.equal(parseDecorated('148.608,50 €', comma)?.value, 148608.5);
  assert.equal(parseDecorated('CHF 12.50', point)?.value, 12.5);
  assert.equal(parseDecorated('1.234,56-', comma)?.value, -1234.56);
});
