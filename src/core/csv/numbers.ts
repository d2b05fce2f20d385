/**
 * Numbers as people write them: `$4,775.85`, `23.8%`, `(1,200)`, `148.608,50 €`, `CHF 12.50`. The decoration
 * is stripped and what is left is a plain decimal string parsed by `parseNumber`, so every value is the same
 * double the plain decimal would give (a percentage becomes the same decimal with `e-2` appended: still one
 * correct rounding of the written value divided by 100).
 */
import { parseNumber } from './cells';

/** How a file writes numbers: the decimal mark and the thousands separators accepted. */
export interface NumberFormat {
  decimal: '.' | ',';
  /** Separators between groups of three digits, e.g. `,` (and spaces) when the decimal mark is `.`. */
  thousands: readonly string[];
}

/** The value of a decorated number, and whether it was written as a percentage. */
export interface Decorated {
  value: number;
  percent: boolean;
}

/** Thousands separators that go with a decimal mark when none is given. */
export function defaultThousands(decimal: '.' | ','): string[] {
  // Spaces (plain, no-break, narrow no-break) and the Swiss apostrophe are unambiguous with either mark.
  return [decimal === '.' ? ',' : '.', ' ', '\u00a0', '\u202f', "'"];
}

export function numberFormat(decimal: '.' | ',', thousands?: string): NumberFormat {
  return {
    decimal,
    thousands: thousands === undefined ? defaultThousands(decimal) : thousands === '' ? [] : [thousands],
  };
}

const CURRENCY_SIGNS = '$€£¥₹₽₩₺₪฿';
/** ISO 4217 codes common in exports; an arbitrary three capitals would make `ABC 12` a number. */
const CURRENCY_CODES = [
  'USD',
  'EUR',
  'GBP',
  'CHF',
  'JPY',
  'CNY',
  'CAD',
  'AUD',
  'NZD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'INR',
  'BRL',
  'MXN',
  'ZAR',
  'RUB',
  'TRY',
  'KRW',
  'SGD',
  'HKD',
];

/** `s` without one currency sign or code at its start or end (and the spaces next to it). */
function stripCurrency(s: string): string {
  const first = s.charAt(0);
  if (CURRENCY_SIGNS.includes(first)) return s.slice(1).trimStart();
  const last = s.charAt(s.length - 1);
  if (CURRENCY_SIGNS.includes(last)) return s.slice(0, -1).trimEnd();
  if (s.length > 3) {
    const head = s.slice(0, 3);
    if (CURRENCY_CODES.includes(head) && !/[A-Za-z]/.test(s.charAt(3))) return s.slice(3).trimStart();
    const tail = s.slice(-3);
    if (CURRENCY_CODES.includes(tail) && !/[A-Za-z]/.test(s.charAt(s.length - 4))) return s.slice(0, -3).trimEnd();
  }
  return s;
}

/** The integer part without its thousands separators, or null when they do not group digits by three. */
function ungroup(int: string, thousands: readonly string[]): string | null {
  const sep = thousands.find((t) => int.includes(t));
  if (sep === undefined) return /^\d+$/.test(int) ? int : null;
  const groups = int.split(sep);
  if (!/^\d{1,3}$/.test(groups[0])) return null;
  for (let k = 1; k < groups.length; k++) if (!/^\d{3}$/.test(groups[k])) return null;
  return groups.join('');
}

/** `digits[,digits]` or `digits[.digits]` (per `format`) as a plain decimal string, or null. */
function plainDecimal(s: string, format: NumberFormat): string | null {
  const other = format.decimal === '.' ? ',' : '.';
  const at = s.lastIndexOf(format.decimal);
  const int = at < 0 ? s : s.slice(0, at);
  const frac = at < 0 ? '' : s.slice(at + 1);
  if (at >= 0 && !/^\d+$/.test(frac)) return null;
  // The other mark may only appear as a thousands separator.
  if (int.includes(other) && !format.thousands.includes(other)) return null;
  if (int === '') return frac === '' ? null : `0.${frac}`;
  const digits = ungroup(int, format.thousands);
  if (digits === null) return null;
  return frac === '' ? digits : `${digits}.${frac}`;
}

/**
 * The number a trimmed cell writes, with currency, thousands separators, a percent sign, a sign or
 * parentheses for a negative number; null when it is not one. `percentAs` `fraction` reads 23.8% as 0.238.
 */
export function parseDecorated(
  cell: string,
  format: NumberFormat,
  percentAs: 'fraction' | 'written' = 'fraction',
): Decorated | null {
  let s = cell;
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1).trimEnd();
  }
  const signAt = (t: string): boolean => t.startsWith('-') || t.startsWith('+') || t.startsWith('\u2212');
  let sign = '';
  const takeSign = () => {
    if (!sign && signAt(s)) {
      sign = s.charAt(0) === '+' ? '+' : '-';
      s = s.slice(1).trimStart();
    }
  };
  takeSign();
  s = stripCurrency(s);
  takeSign();
  if (s.endsWith('-') && !sign) {
    // `1.234,56-`: a trailing minus, as some accounting exports write it.
    sign = '-';
    s = s.slice(0, -1).trimEnd();
  }
  if (s === '' || (negative && sign)) return null;
  const plain = plainDecimal(s, format);
  if (plain === null) return null;
  const minus = negative || sign === '-';
  const v = parseNumber(`${minus ? '-' : ''}${plain}${percent && percentAs === 'fraction' ? 'e-2' : ''}`);
  return v === v ? { value: v, percent } : null;
}

/**
 * The decimal mark of a file from a sample of its cells: `,` when more cells can only be read with a
 * decimal comma (`1,5`, `148.608,50`) than with a decimal point (`1.5`, `4,775.85`). Cells with a single
 * separator before exactly three digits (`1,500`) say nothing: they read either way.
 */
export function detectDecimal(cells: readonly string[], delimiter: string): '.' | ',' {
  // A comma-delimited file cannot hold unquoted decimal commas, and quoted ones are rare enough to ask for.
  if (delimiter === ',') return '.';
  let comma = 0;
  let point = 0;
  for (const cell of cells) {
    const s = cell.replace(/[^\d.,]/g, '');
    if (/^\d*,\d+$/.test(s) && !/^\d{1,3},\d{3}$/.test(s)) comma++;
    else if (/^\d{1,3}(\.\d{3})+,\d+$/.test(s)) comma++;
    else if (/^\d*\.\d+$/.test(s) && !/^\d{1,3}\.\d{3}$/.test(s)) point++;
    else if (/^\d{1,3}(,\d{3})+\.\d+$/.test(s)) point++;
  }
  return comma > point ? ',' : '.';
}
