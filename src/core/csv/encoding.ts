/**
 * Text encodings: UTF-8 (with or without a BOM) is read as it is; UTF-16 (told by its BOM) and Windows-1252
 * (text whose bytes are not UTF-8: what Excel saves as "CSV" on a Western Windows) are decoded to UTF-8 first.
 * Windows-1252 is a guess, so reading says so: any byte sequence decodes in it, hence binary files are
 * refused before (`checkNotBinary`).
 */
import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8 } from './decode';

export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** Spellings people give, by the encoding they mean (ISO-8859-1 is decoded as its superset Windows-1252, as browsers do). */
const ALIASES: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  'iso-8859-1': 'windows-1252',
};

export function encodingOf(name: string): Encoding | null {
  return typeof name === 'string' ? (ALIASES[name.trim().toLowerCase()] ?? null) : null;
}

/** The encoding a BOM announces, or null. */
export function bomEncoding(b: Uint8Array): Encoding | null {
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * The encoding of a file from its first bytes (`complete` when they are the whole file): its BOM, else
 * UTF-8 when they are valid UTF-8 (a sequence cut by the end of the bytes read is given the benefit of the
 * doubt), else Windows-1252, with the offset of the first byte that is not UTF-8.
 */
export function sniffEncoding(head: Uint8Array, complete: boolean): { encoding: Encoding; badByte: number } {
  const bom = bomEncoding(head);
  if (bom !== null) return { encoding: bom, badByte: -1 };
  // The native check first: the byte loop costs a millisecond a megabyte, on every file read.
  const bad = isUtf8(head) ? -1 : firstInvalidUtf8(head);
  if (bad < 0 || (!complete && bad >= head.length - 3)) return { encoding: 'utf-8', badByte: -1 };
  return { encoding: 'windows-1252', badByte: bad };
}

/**
 * Windows-1252's bytes 0x80–0x9F (the rest are Latin-1, i.e. the code point of the byte); the five it leaves
 * undefined map to the C1 control of the same number, as in the WHATWG encoding standard. Node's own
 * `windows-1252` decoder reads these bytes as Latin-1 (0x80 as U+0080 rather than €), so the table is here.
 */
const CP1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d,
  0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x009d, 0x017e, 0x0178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]));
}

/** `bytes` in `encoding` as UTF-8 bytes, without a BOM. */
export function toUtf8(bytes: Uint8Array, encoding: Encoding): Uint8Array {
  if (encoding === 'utf-8') return bytes;
  if (encoding === 'windows-1252') return Buffer.from(decodeWindows1252(bytes), 'utf8');
  // `fatal: false`: an unpaired surrogate in UTF-16 becomes U+FFFD rather than stopping the read.
  const text = new TextDecoder(encoding, { ignoreBOM: false }).decode(bytes);
  return Buffer.from(text, 'utf8');
}

/** How an encoding is named in messages. */
export function encodingName(e: Encoding): string {
  return {
    'utf-8': 'UTF-8',
    'utf-16le': 'UTF-16 (little-endian)',
    'utf-16be': 'UTF-16 (big-endian)',
    'windows-1252': 'Windows-1252',
  }[e];
}
