/**
 * Refuse binary files, and bytes that are not UTF-8 in a file read as UTF-8, with the line of the first
 * bad byte, because the usual culprits (an .xlsx renamed to .csv, a misnamed encoding) deserve a clear fix.
 * (Text that is not UTF-8 from its start is read as Windows-1252 instead: see `encoding.ts`.)
 */
import { LossLabError, showPath } from '../errors';

/** How much of the file the binary sniffing looks at. */
const SNIFF_BYTES = 1024;
/** Share of control bytes in the sniffed prefix above which the file is taken for binary. */
const MAX_CONTROL_SHARE = 0.1;

/** 1-based line and column (in bytes) of byte `offset`. */
function lineOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

function formatHint(bytes: Uint8Array): string {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b)
    return ' (it is a ZIP archive, e.g. an .xlsx workbook: save it as CSV from the spreadsheet program)';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return ' (it is gzip-compressed: decompress it first)';
  return '';
}

/** Throws when the start of the file looks binary: a NUL byte, or many control characters. */
export function checkNotBinary(bytes: Uint8Array, file: string): void {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  let firstControl = -1;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) {
      const at = lineOfByte(bytes, i);
      throw new LossLabError(
        `${showPath(file)} line ${at.line}: NUL byte; this looks like a binary file, not CSV text${formatHint(bytes)}`,
        { file, ...at },
      );
    }
    // Tab, LF, CR and form feed occur in text files; other C0 controls and DEL do not.
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) {
      control++;
      if (firstControl < 0) firstControl = i;
    }
  }
  if (n > 0 && control > n * MAX_CONTROL_SHARE) {
    const at = lineOfByte(bytes, firstControl);
    throw new LossLabError(
      `${showPath(file)} line ${at.line}: ${control} control characters in the first ${n} bytes; this looks like a binary file, not CSV text${formatHint(bytes)}`,
      { file, ...at },
    );
  }
}

/** Offset of the first byte that breaks UTF-8 (overlongs, surrogates and > U+10FFFF included), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    // The WHATWG decoder's bounds: only the first continuation byte has a narrowed range.
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** A byte that is not UTF-8 in a file read as UTF-8: reading may start over in Windows-1252. */
export class NotUtf8Error extends LossLabError {}

/** `byte 0xE9 at offset 9`, and the 1-based line and column of byte `offset` of `bytes`. */
export function describeByte(bytes: Uint8Array, offset: number): { text: string; line: number; column: number } {
  const hex = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return { text: `byte 0x${hex} at offset ${offset}`, ...lineOfByte(bytes, offset) };
}

/** The error for the byte at `offset` that is not UTF-8; `bytes` holds the file up to that byte at least. */
export function utf8Error(bytes: Uint8Array, offset: number, file: string): LossLabError {
  const { text, line, column } = describeByte(bytes, offset);
  return new NotUtf8Error(
    `${showPath(file)} line ${line}: ${text} is not UTF-8; save the file as UTF-8 (in Excel: "CSV UTF-8"), or give its encoding (--encoding windows-1252)`,
    { file, line, column },
  );
}
