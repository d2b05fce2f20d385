/**
 * Random inputs for the fuzzer: generic pieces (numbers at the edges, awkward strings) and byte-level
 * mutations of a seed. Everything draws from one `Rng`, so an input is reproduced from its seed alone.
 */
import { Rng } from '../../src/core/rng';

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

/** True with probability `p`. */
export const chance = (rng: Rng, p: number): boolean => rng.uniform() < p;

/** Small counts are the interesting ones: 0, 1, 2 much more often than 50. */
export function count(rng: Rng, max: number): number {
  return Math.min(max, Math.floor(-Math.log(1 - rng.uniform()) * (max / 6)));
}

/** Numbers where code tends to break: zero, signs, bounds, integers near 2^53, overflow, subnormals. */
export const EDGE_NUMBERS: readonly number[] = [
  0,
  -0,
  1,
  -1,
  0.5,
  2,
  0.999,
  1.0000001,
  1e-300,
  5e-324,
  1e-8,
  1e300,
  1.7976931348623157e308,
  -1e300,
  2 ** 31,
  2 ** 32,
  2 ** 32 - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  100000,
  100001,
  4096,
  1e6,
  1e9,
  0.1,
  3,
  7,
  10,
  64,
];

export function number(rng: Rng): number {
  switch (rng.int(4)) {
    case 0:
      return pick(rng, EDGE_NUMBERS);
    case 1:
      return rng.int(20) - 5;
    case 2:
      return rng.normal() * 10 ** (rng.int(12) - 4);
    default:
      return rng.uniform();
  }
}

/** Text for numbers as a spreadsheet might write them, right and wrong. */
export const NUMBER_TEXT: readonly string[] = [
  '0',
  '-0',
  '+1',
  '1.',
  '.5',
  '-.5',
  '1e5',
  '1E-5',
  '1e',
  'e5',
  '1e+',
  '1e400',
  '-1e400',
  '1e-400',
  '0x10',
  '0b1',
  '1_000',
  '1,5',
  '1.000,5',
  'inf',
  '-inf',
  'Infinity',
  '-Infinity',
  'INF',
  'NaN',
  'nan',
  'NA',
  'N/A',
  '#N/A',
  'null',
  '?',
  '',
  ' ',
  '  12  ',
  '١٢',
  '１２',
  '9007199254740993',
  '123456789012345678901234567890',
  '00012',
  '1.7976931348623159e308',
  `1${'0'.repeat(400)}`,
  `0.${'0'.repeat(400)}1`,
  '−1',
];

/** Strings that tend to break things: quotes, delimiters, line ends, BOMs, surrogates, control characters. */
export const AWKWARD_TEXT: readonly string[] = [
  '',
  ' ',
  '"',
  '""',
  '"a"',
  'a"b',
  ',',
  ';',
  '\t',
  '|',
  '\n',
  '\r',
  '\r\n',
  '\uFEFF',
  '\u0000',
  '\u0007',
  '\u007f',
  '\u00a0',
  '\u2028',
  '\ud800',
  '\udc00',
  '😀',
  'é',
  'ß',
  'ʤ',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '$schema',
  '//',
  'x'.repeat(300),
  'a,b',
  '"a,b"',
  'yes',
  'no',
  'true',
  'false',
  'cat',
  'dog',
  'A',
  'a',
  'α',
];

export function text(rng: Rng): string {
  switch (rng.int(3)) {
    case 0:
      return pick(rng, AWKWARD_TEXT);
    case 1:
      return pick(rng, NUMBER_TEXT);
    default: {
      const n = count(rng, 12);
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(chance(rng, 0.8) ? 0x20 + rng.int(95) : rng.int(0x3000));
      return s;
    }
  }
}

/** Byte sequences that are interesting inside a text file. */
const BYTE_SNIPPETS: readonly number[][] = [
  [0x22],
  [0x2c],
  [0x3b],
  [0x09],
  [0x7c],
  [0x0a],
  [0x0d],
  [0x0d, 0x0a],
  [0x00],
  [0xff],
  [0xfe],
  [0xef, 0xbb, 0xbf],
  [0xc3],
  [0xc3, 0xa9],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xc0, 0x80],
  [0x80],
  [0x1b],
  [0x7f],
  [0x22, 0x22],
  [0x20],
  [0x5c],
  [0x7b],
  [0x7d],
  [0x5b],
  [0x5d],
  [0x2f, 0x2a],
  [0x2f, 0x2f],
  [0x3a],
];

/** A few random edits of `seed`: flips, inserted snippets, deletions, duplicated spans, truncation, splices. */
export function mutateBytes(rng: Rng, seed: Uint8Array, other: Uint8Array): Uint8Array {
  let b = Array.from(seed);
  const edits = 1 + count(rng, 8);
  for (let e = 0; e < edits; e++) {
    const at = rng.int(b.length + 1);
    switch (rng.int(8)) {
      case 0:
        if (b.length) b[Math.min(at, b.length - 1)] ^= 1 << rng.int(8);
        break;
      case 1:
        if (b.length) b[Math.min(at, b.length - 1)] = rng.int(256);
        break;
      case 2:
      case 3:
        b.splice(at, 0, ...pick(rng, BYTE_SNIPPETS));
        break;
      case 4:
        b.splice(at, 1 + count(rng, 16));
        break;
      case 5: {
        const len = 1 + count(rng, 64);
        b.splice(at, 0, ...b.slice(at, at + len));
        break;
      }
      case 6:
        b = b.slice(0, at);
        break;
      default: {
        const from = rng.int(other.length + 1);
        b.splice(at, rng.int(b.length - at + 1), ...other.subarray(from, from + count(rng, 200)));
      }
    }
  }
  return Uint8Array.from(b);
}

export function randomBytes(rng: Rng, max: number): Uint8Array {
  const n = count(rng, max);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(256);
  return b;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const utf8 = (s: string): Uint8Array => encoder.encode(s);
/** Lossy: invalid sequences become U+FFFD, which keeps text mutations of text seeds text. */
export const fromUtf8 = (b: Uint8Array): string => decoder.decode(b);
