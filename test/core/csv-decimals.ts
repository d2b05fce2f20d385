/** Random decimal strings for checking number parsing against `Number()` (shared with the benchmark). */
import type { Rng } from '../../src/core/rng';

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

/** Decimals where parsers go wrong, besides random ones. */
const EDGE_DECIMALS = [
  '0',
  '-0',
  '+0',
  '.5',
  '5.',
  '-.5',
  '+.5',
  '+3',
  '1e5',
  '1E-7',
  '1e+5',
  '-2.5E+10',
  '007',
  '00.000100',
  '0.000',
  '4.9e-324',
  '5e-324',
  '2.4e-324',
  '2.2250738585072014e-308',
  '2.2250738585072011e-308',
  '1.7976931348623157e308',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '9007199254740993.0',
  '18014398509481985',
  '0.1',
  '0.30000000000000004',
  '123456789012345678901234567890',
  '1e22',
  '1e23',
  '1e-22',
  '1e-23',
  '8.98846567431158e307',
  '1.0000000000000002',
  '99999999999999999999e-20',
  `0.${'0'.repeat(30)}1`,
  `1${'0'.repeat(40)}`,
  '1e0000000000000000005',
  '1e-0',
  '0e999999',
];

/** A random decimal in the CSV number grammar: up to 25 digits, a point anywhere, an exponent sometimes. */
export function randomDecimal(rng: Rng): string {
  if (rng.uniform() < 0.05) return pick(rng, EDGE_DECIMALS);
  let digits = '';
  const n = 1 + rng.int(rng.uniform() < 0.7 ? 9 : 25);
  for (let i = 0; i < n; i++) digits += rng.int(10);
  let s = digits;
  const point = rng.int(n + 2);
  if (point <= n) s = `${digits.slice(0, point)}.${digits.slice(point)}`;
  if (rng.uniform() < 0.25)
    s += `${pick(rng, ['e', 'E'])}${pick(rng, ['', '+', '-'])}${rng.int(rng.uniform() < 0.8 ? 30 : 330)}`;
  return `${pick(rng, ['', '', '', '-', '+'])}${s}`;
}
