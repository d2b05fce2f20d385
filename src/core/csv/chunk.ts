/**
 * One chunk of whole records, from bytes straight into typed column parts: a number is read from its bytes
 * into a Float64Array without becoming a string, and only cells that are not plain numbers (quoted, padded,
 * missing tokens, text) are decoded and go through `cells.ts`. The same function runs on the main thread and
 * in the parsing workers, so its input and output are plain data.
 *
 * The grammar is `parse.ts`'s: RFC 4180 quoting wherever a field starts with a quote, LF, CRLF and lone CR
 * line ends, whitespace-only lines skipped, spaces after a closing quote allowed.
 */
import { isUtf8 } from 'node:buffer';
import { FAST_MANTISSA_LIMIT, isMissingToken, parsePlain, POW10, trimCell } from './cells';
import { MAX_INVALID_SHARE } from './columns';
import { firstInvalidUtf8 } from './decode';

export const QUOTE = 0x22;
export const LF = 0x0a;
export const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const PLUS = 0x2b;
const MINUS = 0x2d;
export const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

export interface ChunkSpec {
  ncol: number;
  /** Char code of the delimiter. */
  delimiter: number;
  /** 1 for a column whose every cell keeps its text (it is known to be categorical), 0 otherwise. */
  textColumns: Uint8Array;
  /** Expected number of rows, to size the arrays. */
  rowsHint: number;
  /** Char code of the decimal mark: `.`, or `,` in a file that writes `1,5`. */
  decimal: number;
  /** Missing-value tokens besides the usual ones (`--na`), lower-cased. */
  na: string[];
  /** Char code starting a comment line to skip, or -1. */
  comment: number;
  /** Whether a record with fewer fields than the header is an error rather than completed with missing values. */
  strictRows: boolean;
  /** Where to write the values and lines, reused from chunk to chunk; the arrays are new when absent or full. */
  output?: ChunkOutput;
}

/**
 * Arrays the values and lines are written into, reused from chunk to chunk or (on the merging thread) the
 * table's own columns, so that nothing is copied or allocated per chunk: fresh memory costs a page fault per
 * 4 KB on first touch, which is as slow as parsing the numbers in it. Rows: the length of `lines`.
 */
export interface ChunkOutput {
  values: Float64Array[];
  lines: Int32Array;
}

/** An output in shared memory, which a worker writes and the merging thread reads. */
export function sharedOutput(ncol: number, rows: number): ChunkOutput {
  const values = new SharedArrayBuffer(ncol * rows * 8);
  return {
    values: Array.from({ length: ncol }, (_, j) => new Float64Array(values, j * rows * 8, rows)),
    lines: new Int32Array(new SharedArrayBuffer(rows * 4)),
  };
}

/** What a chunk says about one column; rows are numbered from the chunk's first row. */
export interface ColumnPart {
  /** The first `rows` entries: numbers, NaN for missing and text cells. */
  values: Float64Array;
  /** Missing tokens (the empty cell included). */
  missing: number;
  /** Cells that are neither numbers nor missing. */
  invalid: number;
  firstInvalidRow: number;
  firstInvalidText: string;
  /** The first number (NaN when none) and its text, and whether another number differs from it. */
  first: number;
  firstText: string;
  varies: boolean;
  /** Index into `levels` of each cell whose text was kept, -1 elsewhere; null when no text was kept. */
  codes: Int32Array | null;
  /** Distinct trimmed texts in first-seen order. */
  levels: string[];
  /** Numbers read without keeping their text: before the chunk saw that the column is mostly text. */
  untexted: number;
}

export interface ChunkResult {
  rows: number;
  /** Records with fewer fields than the header, completed with missing values; the first one's line (from 0). */
  shortRows: number;
  firstShortLine: number;
  /** Line breaks in the chunk: the line number of the next chunk's first line, minus this one's. */
  lineCount: number;
  /** Line of each row, counted from the chunk's first line (0). */
  lines: Int32Array;
  columns: ColumnPart[];
}

/** A problem in the data, located within the chunk (lines from 0, byte offsets from the chunk's start). */
export type Fault =
  | { kind: 'ragged'; line: number; fields: number }
  | { kind: 'unclosed'; line: number; column: number }
  | { kind: 'afterQuote'; line: number; column: number }
  | { kind: 'utf8'; offset: number };

export class ChunkFault extends Error {
  constructor(readonly fault: Fault) {
    super(`CSV fault: ${fault.kind}`);
  }
}

/** Where a scan stands; the slow paths move it across line breaks inside quotes. */
export interface Cursor {
  pos: number;
  line: number;
  lineStart: number;
}

export function asBuffer(b: Uint8Array): Buffer {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** 1-based column of byte `pos` in UTF-16 code units, as an editor counts it. */
function columnOf(buf: Buffer, lineStart: number, pos: number): number {
  return buf.toString('utf8', lineStart, pos).length + 1;
}

/**
 * The quoted field opening at `cur.pos`: its text with `""` unescaped. Leaves `cur.pos` on the delimiter or
 * line end after it (spaces after the closing quote are skipped) and counts the line breaks inside.
 */
export function readQuoted(b: Uint8Array, buf: Buffer, end: number, delimiter: number, cur: Cursor): string {
  const open = cur.pos;
  const openLine = cur.line;
  let close = open + 1;
  for (;;) {
    close = b.indexOf(QUOTE, close);
    if (close < 0 || close >= end)
      throw new ChunkFault({ kind: 'unclosed', line: openLine, column: columnOf(buf, cur.lineStart, open) });
    if (close + 1 < end && b[close + 1] === QUOTE) close += 2;
    else break;
  }
  for (let k = open + 1; k < close; k++) {
    const c = b[k];
    if (c === LF || (c === CR && b[k + 1] !== LF)) {
      cur.line++;
      cur.lineStart = k + 1;
    }
  }
  let text = buf.toString('utf8', open + 1, close);
  if (text.includes('"')) text = text.replaceAll('""', '"');
  let p = close + 1;
  let c = b[p];
  while (p < end && (c === SPACE || (c === TAB && delimiter !== TAB))) c = b[++p];
  if (p < end && c !== delimiter && c !== LF && c !== CR)
    throw new ChunkFault({ kind: 'afterQuote', line: cur.line, column: columnOf(buf, cur.lineStart, p) });
  cur.pos = p;
  return text;
}

/** Position after the line break at `i` (CRLF is one break). */
export function afterBreak(b: Uint8Array, i: number, end: number): number {
  return b[i] === CR && i + 1 < end && b[i + 1] === LF ? i + 2 : i + 1;
}

/** The per-column state of a chunk while it is parsed. */
class Parts {
  readonly values: Float64Array[] = [];
  readonly missing: Int32Array;
  readonly invalid: Int32Array;
  readonly texted: Int32Array;
  readonly firstInvalidRow: Int32Array;
  readonly firstInvalidText: string[];
  readonly first: Float64Array;
  readonly hasFirst: Uint8Array;
  readonly firstText: string[];
  readonly varies: Uint8Array;
  readonly textMode: Uint8Array;
  /** 1 once a column's numbers vary and it keeps no text: a number then needs nothing but storing. */
  readonly settled: Uint8Array;
  readonly codes: (Int32Array | null)[];
  readonly levels: string[][] = [];
  readonly index: Map<string, number>[] = [];

  constructor(
    readonly ncol: number,
    textColumns: Uint8Array,
    public cap: number,
    output: ChunkOutput | undefined,
    private readonly decimal: number,
    private readonly na: string[],
  ) {
    for (let j = 0; j < ncol; j++) {
      this.values.push(output ? output.values[j] : new Float64Array(cap));
      this.levels.push([]);
      this.index.push(new Map());
    }
    this.missing = new Int32Array(ncol);
    this.invalid = new Int32Array(ncol);
    this.texted = new Int32Array(ncol);
    this.firstInvalidRow = new Int32Array(ncol).fill(-1);
    this.firstInvalidText = new Array<string>(ncol).fill('');
    this.first = new Float64Array(ncol).fill(NaN);
    this.hasFirst = new Uint8Array(ncol);
    this.firstText = new Array<string>(ncol).fill('');
    this.varies = new Uint8Array(ncol);
    this.textMode = Uint8Array.from(textColumns);
    this.settled = new Uint8Array(ncol);
    this.codes = new Array<Int32Array | null>(ncol).fill(null);
  }

  grow(cap: number): void {
    for (let j = 0; j < this.ncol; j++) {
      const v = new Float64Array(cap);
      v.set(this.values[j]);
      this.values[j] = v;
      const c = this.codes[j];
      if (c !== null) {
        const grown = new Int32Array(cap).fill(-1);
        grown.set(c);
        this.codes[j] = grown;
      }
    }
    this.cap = cap;
  }

  intern(j: number, r: number, t: string): void {
    let codes = this.codes[j];
    if (codes === null) codes = this.codes[j] = new Int32Array(this.cap).fill(-1);
    const index = this.index[j];
    let k = index.get(t);
    if (k === undefined) {
      k = this.levels[j].length;
      index.set(t, k);
      this.levels[j].push(t);
    }
    codes[r] = k;
  }

  /** A number read from `buf[from, to)` in a column not yet settled; its text is made only if needed. */
  number(j: number, r: number, v: number, buf: Buffer, from: number, to: number): void {
    const needText = this.hasFirst[j] === 0 || this.textMode[j] === 1;
    this.numberWithText(j, r, v, needText ? buf.toString('latin1', from, to) : '');
  }

  /** A number, with its text, in a column not yet settled (or from a decoded cell). */
  numberWithText(j: number, r: number, v: number, t: string): void {
    this.values[j][r] = v;
    if (this.hasFirst[j] === 0) {
      this.hasFirst[j] = 1;
      this.first[j] = v;
      this.firstText[j] = t;
    } else if (v !== this.first[j]) this.varies[j] = 1;
    if (this.textMode[j] === 1) {
      this.intern(j, r, t);
      this.texted[j]++;
    }
    this.settled[j] = this.varies[j] & (this.textMode[j] ^ 1);
  }

  missingCell(j: number, r: number): void {
    this.values[j][r] = NaN;
    this.missing[j]++;
  }

  /** A decoded cell (quoted, padded, or not a plain number). */
  cell(j: number, r: number, raw: string): void {
    const t = trimCell(raw);
    if (isMissingToken(t, this.na)) {
      this.missingCell(j, r);
      return;
    }
    const v = parsePlain(t, this.decimal);
    if (v === v) {
      this.numberWithText(j, r, v, t);
      return;
    }
    this.values[j][r] = NaN;
    if (this.invalid[j]++ === 0) {
      this.firstInvalidRow[j] = r;
      this.firstInvalidText[j] = t;
    }
    // Mostly text so far: keep the text of the numbers from here on too, in case the column is categorical.
    if (this.invalid[j] > MAX_INVALID_SHARE * (r + 1)) {
      this.textMode[j] = 1;
      this.settled[j] = 0;
    }
    this.intern(j, r, t);
  }

  result(rows: number): ColumnPart[] {
    const out: ColumnPart[] = [];
    for (let j = 0; j < this.ncol; j++) {
      const numbers = rows - this.missing[j] - this.invalid[j];
      out.push({
        values: this.values[j],
        missing: this.missing[j],
        invalid: this.invalid[j],
        firstInvalidRow: this.firstInvalidRow[j],
        firstInvalidText: this.firstInvalidText[j],
        first: this.first[j],
        firstText: this.firstText[j],
        varies: this.varies[j] === 1,
        codes: this.codes[j],
        levels: this.levels[j],
        untexted: numbers - this.texted[j],
      });
    }
    return out;
  }
}

/** Long mantissas, large exponents, subnormals: `Number()` rounds them correctly. NaN for infinities. */
function exactDecimal(buf: Buffer, from: number, to: number): number {
  const v = Number(buf.toString('latin1', from, to));
  return v === Infinity || v === -Infinity ? NaN : v;
}

/** The exponent whose sign or first digit is at `p`, NaN when it has no digits; leaves `cur.pos` after it. */
function readExponent(b: Uint8Array, p: number, cur: Cursor): number {
  let c = b[p];
  let negative = false;
  if (c === MINUS) {
    negative = true;
    c = b[++p];
  } else if (c === PLUS) c = b[++p];
  const start = p;
  let exponent = 0;
  while (c >= ZERO && c <= NINE) {
    // Saturate: anything this large over- or underflows, and Number() decides which.
    if (exponent < 1e6) exponent = exponent * 10 + (c - ZERO);
    c = b[++p];
  }
  cur.pos = p;
  if (p === start) return NaN;
  return negative ? -exponent : exponent;
}

/**
 * A field that is not a plain number, at `cur.pos`: quoted, padded, empty, a missing token or text. Leaves
 * `cur.pos` on the delimiter or line break after it; returns true when the field is a whitespace-only line,
 * which is skipped (`cur.pos` is then after its line break).
 */
function slowField(
  b: Uint8Array,
  buf: Buffer,
  end: number,
  D: number,
  j: number,
  row: number,
  ncol: number,
  cur: Cursor,
  parts: Parts,
  comment: number,
): boolean {
  const i = cur.pos;
  let c = b[i];
  if (j === 0 && c === comment) {
    // A comment line: skipped up to its line break (a quote in it opens nothing).
    let p = i;
    while (p < end && b[p] !== LF && b[p] !== CR) p++;
    cur.pos = afterBreak(b, p, end);
    cur.line++;
    cur.lineStart = cur.pos;
    return true;
  }
  if (c === QUOTE) {
    const text = readQuoted(b, buf, end, D, cur);
    if (j < ncol) parts.cell(j, row, text);
    return false;
  }
  let p = i;
  while (c !== D && c !== LF && c !== CR) c = b[++p];
  if (p === i) {
    if (j < ncol) parts.missingCell(j, row);
  } else if (j === 0 && c !== D && buf.toString('utf8', i, p).trim() === '') {
    cur.pos = afterBreak(b, p, end);
    cur.line++;
    cur.lineStart = cur.pos;
    return true;
  } else if (j < ncol) parts.cell(j, row, buf.toString('utf8', i, p));
  cur.pos = p;
  return false;
}

/**
 * Parses the records in `b[start, end)`, which must end with a line break. Throws `ChunkFault` on the first
 * problem, located within the chunk.
 */
export function parseChunk(bytes: Uint8Array, start: number, end: number, spec: ChunkSpec): ChunkResult {
  // Always a plain Uint8Array, so the loop below sees one kind of array (a Buffer is a subclass).
  const b = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const view = b.subarray(start, end);
  if (!isUtf8(view)) throw new ChunkFault({ kind: 'utf8', offset: firstInvalidUtf8(view) });
  const { ncol, delimiter: D, decimal: DEC, comment } = spec;
  const buf = asBuffer(b);
  const out = spec.output;
  let cap = out ? out.lines.length : Math.max(16, spec.rowsHint);
  const parts = new Parts(ncol, spec.textColumns, cap, out, DEC, spec.na);
  let shortRows = 0;
  let firstShortLine = -1;
  const { values, settled } = parts;
  let lines = out ? out.lines : new Int32Array(cap);
  const cur: Cursor = { pos: 0, line: 0, lineStart: start };
  let rows = 0;
  let line = 0;
  let lineStart = start;
  let i = start;

  records: while (i < end) {
    let c = b[i];
    if (c === LF || c === CR) {
      i = afterBreak(b, i, end);
      line++;
      lineStart = i;
      continue;
    }
    if (rows === cap) {
      cap *= 2;
      parts.grow(cap);
      const grown = new Int32Array(cap);
      grown.set(lines);
      lines = grown;
    }
    const recordLine = line;
    let j = 0;
    for (;;) {
      // A plain decimal number ending the field is read here without a string.
      let p = i;
      let v = NaN;
      if (c !== QUOTE) {
        let negative = false;
        if (c === MINUS) {
          negative = true;
          c = b[++p];
        } else if (c === PLUS) c = b[++p];
        // Digits are counted from positions, not per digit, and tested with one unsigned comparison: this
        // loop runs for nearly every byte.
        const intStart = p;
        let mantissa = 0;
        let d = c - ZERO;
        while (d >>> 0 < 10) {
          mantissa = mantissa * 10 + d;
          d = b[++p] - ZERO;
        }
        c = d + ZERO;
        let digits = p - intStart;
        let fraction = 0;
        if (c === DEC) {
          const fracStart = ++p;
          d = b[p] - ZERO;
          while (d >>> 0 < 10) {
            mantissa = mantissa * 10 + d;
            d = b[++p] - ZERO;
          }
          c = d + ZERO;
          fraction = p - fracStart;
          digits += fraction;
        }
        if (digits > 0) {
          let exponent = 0;
          if (c === LOWER_E || c === UPPER_E) {
            exponent = readExponent(b, p + 1, cur);
            p = cur.pos;
            c = b[p];
          }
          if (exponent === exponent && (c === D || c === LF || c === CR)) {
            // `fastDecimal` written out: the call is not always inlined, and this runs for every cell.
            const scale = exponent - fraction;
            if (mantissa < FAST_MANTISSA_LIMIT && scale >= -22 && scale <= 22) {
              v = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
              if (negative) v = -v;
            } else v = exactDecimal(buf, i, p);
          }
        }
      }
      if (v === v) {
        if (j < ncol) {
          values[j][rows] = v;
          if (settled[j] === 0) parts.number(j, rows, v, buf, i, p);
        }
        i = p;
      } else {
        cur.pos = i;
        cur.line = line;
        cur.lineStart = lineStart;
        const blank = slowField(b, buf, end, D, j, rows, ncol, cur, parts, comment);
        i = cur.pos;
        line = cur.line;
        lineStart = cur.lineStart;
        if (blank) continue records;
        c = b[i];
      }
      j++;
      if (c === D) {
        c = b[++i];
        continue;
      }
      i = afterBreak(b, i, end);
      line++;
      lineStart = i;
      break;
    }
    if (j !== ncol) {
      if (j > ncol || spec.strictRows) throw new ChunkFault({ kind: 'ragged', line: recordLine, fields: j });
      // Trailing empty fields left out (as older rows of a file that gained columns have them): missing.
      for (; j < ncol; j++) parts.missingCell(j, rows);
      if (shortRows++ === 0) firstShortLine = recordLine;
    }
    lines[rows++] = recordLine;
  }
  return { rows, shortRows, firstShortLine, lineCount: line, lines, columns: parts.result(rows) };
}
