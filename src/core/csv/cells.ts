/**
 * What a single trimmed cell means: a missing value, a number, or text.
 *
 * Numbers follow the decimal grammar `[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?` and are converted
 * by `Number()`, which rounds correctly. `Number()` alone would also take '' (as 0), hex/octal/binary
 * literals and 'Infinity'; those are not numbers here. Infinities (`inf`, `Infinity`) and values that
 * overflow to infinity are rejected too: they cannot be standardized, so they are better reported than
 * trained on. Decimal commas and thousands separators are text.
 */

/** Missing-value spellings, compared case-insensitively after trimming (the empty cell is missing too). */
export const MISSING_TOKENS: readonly string[] = ['na', 'n/a', '#n/a', 'nan', 'null', '?'];

const MAX_TOKEN = 4;

export function isMissingToken(trimmed: string): boolean {
  if (trimmed.length === 0) return true;
  if (trimmed.length > MAX_TOKEN) return false;
  return MISSING_TOKENS.includes(trimmed.toLowerCase());
}

const ZERO = 0x30;
const NINE = 0x39;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** Exact powers of ten (every 10^k with k <= 22 is a double). */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** Up to 15 digits the mantissa is an exact integer below 2^53. */
const FAST_DIGITS = 15;

/**
 * The value of a trimmed cell written as a finite decimal number, or NaN.
 *
 * Short numbers take Clinger's fast path: an integer mantissa below 2^53 times or divided by an exact power
 * of ten is one correctly rounded operation, hence the same double as `Number()`, which the rest go through.
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
  const scale = exponent - fraction;
  if (digits <= FAST_DIGITS && scale >= -22 && scale <= 22) {
    const v = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
    return negative ? -v : v;
  }
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
  return a === SPACE || a === TAB || b === SPACE || b === TAB || a > 0x7f || b > 0x7f || a < SPACE || b < SPACE ? s.trim() : s;
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
