/**
 * What a single trimmed cell means: a missing value, a number, or text.
 *
 * Numbers follow the decimal grammar `[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?` and are converted
 * by `Number()`, which rounds correctly. `Number()` alone would also take '' (as 0), hex/octal/binary
 * literals and 'Infinity'; those are not numbers here. Infinities (`inf`, `Infinity`) and values that
 * overflow to infinity are rejected too: they cannot be standardized, so they are better reported than
 * trained on. Decimal commas and thousands separators are text.
 */

/**
 * Missing-value spellings, compared case-insensitively after trimming (the empty cell is missing too): R's
 * and pandas' (`NA`, `NaN`, `null`), Excel's (`#N/A`, `-`, `--`), Python's `None` and the UCI `?`.
 */
export const MISSING_TOKENS: readonly string[] = ['na', 'n/a', '#n/a', 'nan', 'null', 'none', '?', '-', '--'];

const MAX_TOKEN = 4;

/** Whether a trimmed cell is missing; `extra` holds more tokens (`--na`), lower-cased. */
export function isMissingToken(trimmed: string, extra?: readonly string[]): boolean {
  if (trimmed.length === 0) return true;
  if (extra !== undefined && extra.length > 0 && extra.includes(trimmed.toLowerCase())) return true;
  if (trimmed.length > MAX_TOKEN) return false;
  return MISSING_TOKENS.includes(trimmed.toLowerCase());
}

/** A plain number whose decimal mark is `decimal` (`1,5` when it is a comma), or NaN; see `parseNumber`. */
export function parsePlain(s: string, decimal: number): number {
  if (decimal === 0x2e) return parseNumber(s);
  const at = s.indexOf(',');
  // A point in a decimal-comma file is a thousands separator, which a plain number does not have.
  if (s.includes('.') || (at >= 0 && s.indexOf(',', at + 1) >= 0)) return NaN;
  return parseNumber(at < 0 ? s : `${s.slice(0, at)}.${s.slice(at + 1)}`);
}

const ZERO = 0x30;
const NINE = 0x39;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** Exact powers of ten (every 10^k with k <= 22 is a double). */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** Integers below this (2^53) are exact doubles. */
export const FAST_MANTISSA_LIMIT = 2 ** 53;

/**
 * `mantissa × 10^scale` by Clinger's fast path, or NaN where it does not apply. An integer mantissa below
 * 2^53 and a power of ten up to 10^22 are both exact doubles, so one multiplication or division is one
 * correct rounding: the double `Number()` gives for the same decimal. A mantissa accumulated digit by digit
 * in doubles (`m * 10 + d`) is exact while it stays below 2^53 and never drops below 2^53 once the true
 * value reaches it, so the test on the accumulated value is safe.
 */
export function fastDecimal(mantissa: number, scale: number): number {
  if (mantissa >= FAST_MANTISSA_LIMIT || scale < -22 || scale > 22) return NaN;
  return scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
}

/**
 * The value of a trimmed cell written as a finite decimal number, or NaN.
 *
 * Most numbers take Clinger's fast path (`fastDecimal`); the rest go through `Number()`, which rounds
 * correctly too.
 */
export function parseNumber(s: string): number {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  let negative = false;
  if (c === 0x2b || c === 0x2d) {
    negative = c === 0x2d;
    c = s.charCodeAt(++i);
  }
  let digits = 0;
  let mantissa = 0;
  while (isDigit(c)) {
    mantissa = mantissa * 10 + (c - ZERO);
    digits++;
    c = s.charCodeAt(++i);
  }
  let fraction = 0;
  if (c === 0x2e) {
    c = s.charCodeAt(++i);
    while (isDigit(c)) {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      fraction++;
      c = s.charCodeAt(++i);
    }
  }
  if (digits === 0) return NaN;
  let exponent = 0;
  if (c === 0x65 || c === 0x45) {
    c = s.charCodeAt(++i);
    let expNegative = false;
    if (c === 0x2b || c === 0x2d) {
      expNegative = c === 0x2d;
      c = s.charCodeAt(++i);
    }
    let expDigits = 0;
    while (isDigit(c)) {
      // Saturate: anything this large over- or underflows, and Number() below decides which.
      if (exponent < 1e6) exponent = exponent * 10 + (c - ZERO);
      expDigits++;
      c = s.charCodeAt(++i);
    }
    if (expDigits === 0) return NaN;
    if (expNegative) exponent = -exponent;
  }
  if (i !== n) return NaN;
  const fast = fastDecimal(mantissa, exponent - fraction);
  if (fast === fast) return negative ? -fast : fast;
  const v = Number(s);
  return Number.isFinite(v) ? v : NaN;
}

const SPACE = 0x20;
const TAB = 0x09;

/** `s.trim()` for the usual case, without allocating when there is nothing to trim. */
export function trimCell(s: string): string {
  if (s.length === 0) return s;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(s.length - 1);
  return a === SPACE || a === TAB || b === SPACE || b === TAB || a > 0x7f || b > 0x7f || a < SPACE || b < SPACE
    ? s.trim()
    : s;
}

/**
 * Order of levels and class labels: numbers first, numerically, then text by UTF-16 code units
 * (locale-independent, so the order is the same everywhere).
 */
export function compareLevels(a: string, b: string): number {
  const x = parseNumber(a);
  const y = parseNumber(b);
  const xn = !Number.isNaN(x);
  const yn = !Number.isNaN(y);
  if (xn && yn) return x - y || (a < b ? -1 : a > b ? 1 : 0);
  if (xn !== yn) return xn ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
