/**
 * Reading a CSV file's bytes into typed columns: the header first (`readHead`), then the data in chunks of
 * whole records (`chunk.ts`), gathered by a `TableBuilder`. `parseCsv` does it all on this thread from
 * bytes in memory; `load.ts` streams a file and parses its chunks on worker threads.
 *
 * Accepted beyond RFC 4180: LF, CRLF and lone CR line ends; `;`, tab and `|` delimiters; blank (or
 * whitespace-only) lines anywhere, skipped; spaces after a closing quote; a quote inside an unquoted field,
 * kept as text. A closing quote followed by anything else is an error, since it almost always means an
 * unescaped quote inside a quoted field.
 */
import { LossLabError, quote, showPath } from '../errors';
import {
  asBuffer,
  afterBreak,
  ChunkFault,
  CR,
  type Cursor,
  LF,
  parseChunk,
  QUOTE,
  readQuoted,
  type ChunkResult,
  type ChunkSpec,
} from './chunk';
import { checkNotBinary, describeByte, firstInvalidUtf8, utf8Error } from './decode';
import { detectDelimiter } from './delimiter';
import { type Encoding, encodingName, sniffEncoding, toUtf8 } from './encoding';
import { faultError } from './faults';
import { detectDecimal } from './numbers';
import { type CsvOptions, type ReadSettings, resolveCsvOptions } from './options';
import { lastRecordEnd } from './split';
import { type TableHead, TableBuilder } from './table';
import type { CsvTable } from './types';

export type { CsvOptions } from './options';

/** Records after the header whose cells decide the decimal mark. */
const DECIMAL_SAMPLE_RECORDS = 500;

/** Bytes looked at to detect the delimiter and the typical record length. */
export const SNIFF_BYTES = 1 << 20;
/** Bytes of records per chunk. */
export const CHUNK_BYTES = 4 << 20;

/** The header and where the data starts. */
export interface Head extends TableHead {
  /** Byte offset of the first data record (or blank line). */
  dataStart: number;
  /** Average bytes per record near the start, to size the columns. */
  rowBytes: number;
}

function emptyFile(file: string): LossLabError {
  return new LossLabError(`${showPath(file)} is empty; a CSV needs a header row and at least one data row`, {
    file,
    line: 1,
  });
}

/** Where the header may start: after `--skip-rows` lines, then comment and blank lines; null when more bytes are needed. */
function skipPreamble(
  bytes: Uint8Array,
  start: number,
  complete: boolean,
  s: ReadSettings,
  file: string,
  notes: string[],
): Cursor | null {
  const n = bytes.length;
  const cur: Cursor = { pos: start, line: 1, lineStart: start };
  const comment = s.comment.charCodeAt(0);
  const comments: number[] = [];
  for (let skipped = 0; ;) {
    let p = cur.pos;
    while (p < n && (bytes[p] === 0x20 || bytes[p] === 0x09)) p++;
    const isComment = bytes[p] === comment;
    const isBlank = p < n && (bytes[p] === LF || bytes[p] === CR);
    if (skipped >= s.skipRows && !isComment && !isBlank) break;
    while (p < n && bytes[p] !== LF && bytes[p] !== CR) p++;
    // The line, or its CRLF, may go on past the bytes read.
    if (!complete && p >= n - 1) return null;
    // Nothing but skipped lines: there is no header.
    if (p >= n) throw emptyFile(file);
    if (skipped < s.skipRows) skipped++;
    else if (isComment) comments.push(cur.line);
    cur.pos = afterBreak(bytes, p, n);
    cur.line++;
    cur.lineStart = cur.pos;
  }
  if (comments.length)
    notes.push(
      `skipped ${comments.length} comment line${comments.length === 1 ? '' : 's'} before the header (line${comments.length === 1 ? ` ${comments[0]}` : `s ${comments[0]}–${comments.at(-1)}`}, starting with ${quote(s.comment)})`,
    );
  if (s.skipRows) notes.push(`skipped the first ${s.skipRows} line${s.skipRows === 1 ? '' : 's'} (skip rows)`);
  return cur;
}

/**
 * The decimal mark from the cells of the records after the header within `bytes[dataStart, end)`: the
 * given one, or a comma when the file writes its numbers so (see `detectDecimal`).
 */
function decimalOf(
  bytes: Uint8Array,
  dataStart: number,
  end: number,
  D: number,
  s: ReadSettings,
  delimiter: string,
): '.' | ',' {
  if (s.decimal !== null) return s.decimal;
  if (delimiter === ',') return '.';
  const cells: string[] = [];
  const cur: Cursor = { pos: dataStart, line: 0, lineStart: dataStart };
  try {
    for (let k = 0; k < DECIMAL_SAMPLE_RECORDS && cur.pos < end; k++) {
      cells.push(...readRecordText(bytes, end, D, cur));
      if (cur.pos < end) cur.pos = afterBreak(bytes, cur.pos, end);
    }
  } catch (e) {
    // A fault in the sample is reported where the records are parsed; the cells before it decide.
    if (!(e instanceof ChunkFault)) throw e;
  }
  return detectDecimal(cells, delimiter);
}

/**
 * The header from the first bytes of a file (UTF-8 by now, see `decodeFile`), or null when `bytes` ends
 * before the header does and more of the file follows (`complete` false): read more and call again.
 */
export function readHead(
  bytes: Uint8Array,
  complete: boolean,
  file: string,
  s: ReadSettings,
  encoding: Encoding,
  notes: readonly string[] = [],
): Head | null {
  if (bytes.length === 0) {
    if (complete) throw emptyFile(file);
    return null;
  }
  checkNotBinary(bytes, file);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const buf = asBuffer(bytes);
  const headNotes = [...notes];
  const start = skipPreamble(bytes, bom, complete, s, file, headNotes);
  if (start === null) return null;
  const delimiter =
    s.delimiter ?? detectDelimiter(buf.toString('utf8', start.pos, Math.min(bytes.length, start.pos + SNIFF_BYTES)));
  const D = delimiter.charCodeAt(0);

  const n = bytes.length;
  const cur: Cursor = start;
  let cells: string[];
  let headerLine: number;
  for (;;) {
    if (cur.pos >= n) {
      if (complete) throw emptyFile(file);
      return null;
    }
    const c = bytes[cur.pos];
    if (c === LF || c === CR) {
      if (c === CR && cur.pos + 1 >= n && !complete) return null;
      cur.pos = afterBreak(bytes, cur.pos, n);
      cur.line++;
      cur.lineStart = cur.pos;
      continue;
    }
    headerLine = cur.line;
    let record: string[];
    try {
      record = readRecordText(bytes, n, D, cur);
    } catch (e) {
      if (!(e instanceof ChunkFault) || e.fault.kind === 'utf8' || e.fault.kind === 'ragged') throw e;
      if (!complete) return null;
      throw faultError(e.fault, file, 0, 0, delimiter);
    }
    // The record, or its line break (a CR may be the start of a CRLF), may go on past the bytes read.
    if (!complete && (cur.pos >= n || (bytes[cur.pos] === CR && cur.pos + 1 >= n))) return null;
    if (cur.pos < n) {
      cur.pos = afterBreak(bytes, cur.pos, n);
      cur.line++;
      cur.lineStart = cur.pos;
    }
    // A whitespace-only line is blank, not a header of one empty name.
    if (!(record.length === 1 && c !== QUOTE && record[0].trim() === '')) {
      cells = record;
      break;
    }
  }
  const dataStart = cur.pos;
  const bad = firstInvalidUtf8(bytes.subarray(0, dataStart));
  if (bad >= 0) throw utf8Error(bytes, bad, file);
  const { names: header, rowNames } = checkHeader(cells, file, headerLine);
  if (rowNames)
    headNotes.push(
      `the first column has no name: read as row names (${quote(header[0])}, as pandas names it) and left out of the features`,
    );

  const sniffEnd = Math.min(n, dataStart + SNIFF_BYTES);
  const decimal = decimalOf(bytes, dataStart, sniffEnd, D, s, delimiter);
  if (decimal === ',' && s.decimal === null)
    headNotes.push(
      `numbers are read with a decimal comma (1,5 is 1.5; '.' separates thousands): give --decimal . to read them otherwise`,
    );
  let breaks = 0;
  const mark = buf.indexOf(LF, dataStart) >= 0 ? LF : CR;
  for (let p = buf.indexOf(mark, dataStart); p >= 0 && p < sniffEnd; p = buf.indexOf(mark, p + 1)) breaks++;
  const rowBytes = Math.max(1, (sniffEnd - dataStart) / Math.max(1, breaks));
  return {
    file,
    delimiter,
    header,
    headerLine,
    dataLine: cur.line,
    dataStart,
    rowBytes,
    settings: { ...s, decimal },
    encoding,
    notes: headNotes,
    rowNames,
  };
}

/** One record's fields as text, from `cur.pos`, leaving `cur.pos` on its line break (or at `end`). */
function readRecordText(b: Uint8Array, end: number, D: number, cur: Cursor): string[] {
  const buf = asBuffer(b);
  const cells: string[] = [];
  for (;;) {
    let c = cur.pos < end ? b[cur.pos] : -1;
    if (c === QUOTE) {
      cells.push(readQuoted(b, buf, end, D, cur));
    } else {
      let p = cur.pos;
      while (p < end && (c = b[p]) !== D && c !== LF && c !== CR) p++;
      cells.push(buf.toString('utf8', cur.pos, p));
      cur.pos = p;
    }
    if (cur.pos >= end || b[cur.pos] !== D) return cells;
    cur.pos++;
  }
}

/**
 * Trimmed names; throws on an empty or repeated name, giving its 1-based position. An unnamed first column
 * is the row names R's `write.csv` (or a pandas index) writes: named `Unnamed: 0`, as pandas does.
 */
function checkHeader(cells: string[], file: string, line: number): { names: string[]; rowNames: boolean } {
  const names = cells.map((c) => c.trim());
  // Only a cell written empty (R writes ""): one of spaces or a stray BOM is a mistake, said as such.
  const rowNames = names.length > 1 && cells[0] === '' && !names.includes('Unnamed: 0');
  if (rowNames) names[0] = 'Unnamed: 0';
  const seen = new Map<string, number>();
  names.forEach((name, j) => {
    if (name === '')
      throw new LossLabError(
        `${showPath(file)} line ${line}: column ${j + 1} of the header has no name; give every column a name`,
        { file, line, column: j + 1 },
      );
    const before = seen.get(name);
    if (before !== undefined)
      throw new LossLabError(
        `${showPath(file)} line ${line}: the header names column ${before + 1} and column ${j + 1} both ${quote(name)}; give each column a distinct name`,
        { file, line },
      );
    seen.set(name, j);
  });
  return { names, rowNames };
}

/** `bytes[start, end)` ending with a line break: a view, or a copy with LF added when the file lacks one. */
function terminated(bytes: Uint8Array, start: number, end: number): { b: Uint8Array; start: number; end: number } {
  const last = bytes[end - 1];
  if (end > start && (last === LF || last === CR)) return { b: bytes, start, end };
  const b = new Uint8Array(end - start + 1);
  b.set(bytes.subarray(start, end));
  b[end - start] = LF;
  return { b, start: 0, end: end - start + 1 };
}

/** The chunk spec for the columns of `head`. */
export function chunkSpec(head: Head, bytes: number, textColumns?: Uint8Array): ChunkSpec {
  const s = head.settings;
  return {
    ncol: head.header.length,
    delimiter: head.delimiter.charCodeAt(0),
    textColumns: textColumns ?? new Uint8Array(head.header.length),
    rowsHint: Math.ceil((bytes / head.rowBytes) * 1.1) + 16,
    decimal: (s.decimal ?? '.').charCodeAt(0),
    na: s.na,
    comment: s.commentsInData ? s.comment.charCodeAt(0) : -1,
    strictRows: s.strictRows,
  };
}

/**
 * Parses a chunk on this thread, turning a fault into the user's error; `offset` is the chunk's byte
 * offset in the file, `fileBytes` gives the file's bytes up to a given offset (for a UTF-8 error's line).
 */
export function parseChunkHere(
  b: Uint8Array,
  start: number,
  end: number,
  spec: ChunkSpec,
  head: Head,
  lineBase: number,
  offset: number,
  fileBytes: (upTo: number) => Uint8Array,
): ChunkResult {
  try {
    return parseChunk(b, start, end, spec);
  } catch (e) {
    if (!(e instanceof ChunkFault)) throw e;
    throw chunkError(e, head, lineBase, offset, fileBytes);
  }
}

export function chunkError(
  e: ChunkFault,
  head: Head,
  lineBase: number,
  offset: number,
  fileBytes: (upTo: number) => Uint8Array,
): LossLabError {
  const f = e.fault;
  if (f.kind === 'utf8') return utf8Error(fileBytes(offset + f.offset + 1), offset + f.offset, head.file);
  return faultError(f, head.file, lineBase, head.header.length, head.delimiter);
}

/**
 * A whole file's bytes as UTF-8: decoded from the encoding given, or the one its first bytes show (see
 * `sniffEncoding`), with a note when that was a guess. Binary files are refused first, as any bytes decode.
 */
export function decodeFile(
  bytes: Uint8Array,
  file: string,
  s: ReadSettings,
): { bytes: Uint8Array; encoding: Encoding; notes: string[] } {
  const sniffed = sniffEncoding(bytes, true);
  const encoding = s.encoding ?? sniffed.encoding;
  if (encoding === 'utf-8' || encoding === 'windows-1252') checkNotBinary(bytes, file);
  const utf8 = toUtf8(bytes, encoding);
  const notes: string[] = [];
  if (s.encoding === null && encoding === 'windows-1252') {
    const at = describeByte(bytes, sniffed.badByte);
    notes.push(
      `${showPath(file)} is not UTF-8 (${at.text}, line ${at.line}): read as ${encodingName(encoding)}; give --encoding if it is another encoding`,
    );
  } else if (s.encoding === null && encoding !== 'utf-8')
    notes.push(`${showPath(file)} is ${encodingName(encoding)} (it starts with a byte order mark)`);
  return { bytes: utf8, encoding, notes };
}

/** Parses a CSV file's bytes on this thread; `file` names it in error messages. */
export function parseCsv(bytes: Uint8Array, file: string, opts: CsvOptions & { chunkBytes?: number } = {}): CsvTable {
  const settings = resolveCsvOptions(opts);
  const decoded = decodeFile(bytes, file, settings);
  return parseUtf8(decoded.bytes, file, settings, decoded.encoding, decoded.notes, opts.chunkBytes);
}

/** Parses UTF-8 bytes (decoded from `encoding`) on this thread. */
export function parseUtf8(
  bytes: Uint8Array,
  file: string,
  settings: ReadSettings,
  encoding: Encoding,
  notes: string[],
  chunkBytes = CHUNK_BYTES,
): CsvTable {
  const head = readHead(bytes, true, file, settings, encoding, notes) as Head;
  const n = bytes.length;
  const D = head.delimiter.charCodeAt(0);
  const table = new TableBuilder(head, ((n - head.dataStart) / head.rowBytes) * 1.02 + 16);
  const chunks: { start: number; end: number }[] = [];
  const fileBytes = (upTo: number) => bytes.subarray(0, upTo);
  const parseRange = (start: number, end: number, textColumns: Uint8Array | undefined, lineBase: number) => {
    const c = terminated(bytes, start, end);
    const spec = chunkSpec(head, end - start, textColumns);
    // Straight into the table's columns (see `ChunkOutput`), unless reading a chunk again.
    const output = textColumns ? null : table.outputAt(spec.rowsHint);
    return parseChunkHere(c.b, c.start, c.end, output ? { ...spec, output } : spec, head, lineBase, start, fileBytes);
  };
  let pos = head.dataStart;
  while (pos < n) {
    let cut = -1;
    for (let limit = pos + chunkBytes; cut < 0; limit += chunkBytes)
      cut = limit >= n ? n : lastRecordEnd(bytes, pos, limit, D);
    table.add(parseRange(pos, cut, undefined, table.line));
    chunks.push({ start: pos, end: cut });
    pos = cut;
  }
  for (const r of table.rescans())
    table.addTexts(r, parseRange(chunks[r.chunk].start, chunks[r.chunk].end, r.textColumns, 0));
  return table.finish();
}

/** Parses text (as if read from a UTF-8 file); see `parseCsv`. */
export function parseCsvText(text: string, file: string, opts: CsvOptions = {}): CsvTable {
  return parseCsv(Buffer.from(text, 'utf8'), file, opts);
}
