/**
 * Chunks, in file order, into one table: each chunk's column parts are copied into the final columns as it
 * arrives, so memory holds the columns and the chunks in flight, never the file's text.
 */
import { LossLabError, quote, showPath } from '../errors';
import { parsePlain } from './cells';
import type { ChunkOutput, ChunkResult } from './chunk';
import { ColumnBuilder } from './columns';
import type { Encoding } from './encoding';
import { interpretColumn } from './kinds';
import type { ReadSettings } from './options';
import type { Column, CsvTable } from './types';

/**
 * `col` with the cells whose number is a missing-value token's (`--na -999`) made missing. The parser reads
 * plain numbers without looking at the tokens, so they are matched here, by value as pandas does: `-999.0`
 * is missing too.
 */
function withoutNaNumbers(col: Column, naNumbers: readonly number[]): Column {
  if (naNumbers.length === 0 || col.kind === 'categorical') return col;
  if (col.kind === 'constant') {
    if (!col.values.some((v) => naNumbers.includes(v))) return col;
    return { ...col, value: null, missing: col.values.length, values: col.values.fill(NaN) };
  }
  let missing = col.missing;
  const values = col.values;
  for (let r = 0; r < values.length; r++)
    if (naNumbers.includes(values[r])) {
      values[r] = NaN;
      missing++;
    }
  if (missing === col.missing) return col;
  // Without its sentinels a column may be left with one value: then it is constant, as the parser would say.
  const present = values.filter((v) => v === v);
  if (present.every((v) => v === present[0]))
    return { name: col.name, kind: 'constant', value: present.length ? String(present[0]) : null, missing, values };
  return { ...col, missing };
}

/** What reading the header gives the table. */
export interface TableHead {
  file: string;
  delimiter: string;
  header: string[];
  headerLine: number;
  /** Line of the first byte after the header record. */
  dataLine: number;
  /** How the file is read, the decimal mark decided. */
  settings: ReadSettings & { decimal: '.' | ',' };
  encoding: Encoding;
  /** What reading the header found (comment lines skipped, an encoding guessed, ...). */
  notes: string[];
  /** Whether the first column holds row names (its header cell was empty). */
  rowNames: boolean;
}

/** A chunk to read again keeping the text of the columns flagged in `textColumns`. */
export interface Rescan {
  chunk: number;
  textColumns: Uint8Array;
}

export class TableBuilder {
  private readonly cols: ColumnBuilder[];
  private lines: Int32Array;
  private readonly chunkRows: number[] = [];
  rows = 0;
  private shortRows = 0;
  private firstShortLine = 0;
  /** Line of the next chunk's first line. */
  line: number;

  constructor(
    private readonly head: TableHead,
    capacity: number,
  ) {
    capacity = Math.max(16, Math.ceil(capacity));
    this.cols = head.header.map(() => new ColumnBuilder(capacity));
    this.lines = new Int32Array(capacity);
    this.line = head.dataLine;
  }

  private grow(rows: number): void {
    for (const c of this.cols) c.grow(rows);
    const lines = new Int32Array(rows);
    lines.set(this.lines);
    this.lines = lines;
  }

  /**
   * The table's own arrays from the next row on, for a chunk parsed on this thread to write into directly
   * (`ChunkOutput`); with room for `rows` rows at least, else null.
   */
  outputAt(rows: number): ChunkOutput | null {
    const base = this.rows;
    if (base + rows > this.lines.length) return null;
    return { values: this.cols.map((c) => c.values.subarray(base)), lines: this.lines.subarray(base) };
  }

  /** Appends the next chunk; `expectedRows` estimates the table's final row count, should it need room. */
  add(part: ChunkResult, expectedRows = 0): void {
    const base = this.rows;
    const n = part.rows;
    if (base + n > this.lines.length)
      this.grow(Math.ceil(Math.max(base + n, expectedRows * 1.02, this.lines.length * 1.25)));
    const lines = this.lines;
    // In place when the chunk was parsed into the table's own arrays (`outputAt`).
    for (let r = 0; r < n; r++) lines[base + r] = this.line + part.lines[r];
    if (part.shortRows > 0 && this.shortRows === 0) this.firstShortLine = this.line + part.firstShortLine;
    this.shortRows += part.shortRows;
    const chunk = this.chunkRows.length;
    this.chunkRows.push(base);
    this.cols.forEach((c, j) => c.add(part.columns[j], base, n, chunk));
    this.rows += n;
    this.line += part.lineCount;
  }

  /**
   * Chunks that read numbers in a column without keeping their text, before the column turned out to be
   * categorical: its levels need that text.
   */
  rescans(): Rescan[] {
    const byChunk = new Map<number, Uint8Array>();
    this.cols.forEach((c, j) => {
      if (!c.isCategorical(this.rows)) return;
      for (const k of c.untexted) {
        let mask = byChunk.get(k);
        if (mask === undefined) byChunk.set(k, (mask = new Uint8Array(this.cols.length)));
        mask[j] = 1;
      }
    });
    return [...byChunk].map(([chunk, textColumns]) => ({ chunk, textColumns }));
  }

  /** Takes the texts of a chunk read again for `rescan`. */
  addTexts(rescan: Rescan, part: ChunkResult): void {
    const base = this.chunkRows[rescan.chunk];
    this.cols.forEach((c, j) => {
      if (rescan.textColumns[j]) c.addTexts(part.columns[j], base, part.rows);
    });
  }

  /** The table, each column's kind decided (`kinds.ts`). */
  finish(): CsvTable {
    const { file, delimiter, header, headerLine, settings, encoding, rowNames } = this.head;
    const rows = this.rows;
    if (rows === 0)
      throw new LossLabError(
        `${showPath(file)} has a header (line ${headerLine}) but no data rows; add rows below the header`,
        { file, line: headerLine },
      );
    const lines = this.lines.length === rows ? this.lines : this.lines.slice(0, rows);
    const notes = [...this.head.notes];
    if (this.shortRows > 0)
      notes.push(
        `${this.shortRows} row${this.shortRows === 1 ? ' has' : 's have'} fewer fields than the header (first at line ${this.firstShortLine}); the fields left out are read as missing (--strict-rows makes this an error)`,
      );
    const unknown = Object.keys(settings.kinds).find((name) => !header.includes(name));
    if (unknown !== undefined)
      throw new LossLabError(`kinds names column ${quote(unknown)}, which is not in ${showPath(file)}`, {
        file,
        field: `kinds.${unknown}`,
      });
    const naNumbers = settings.na.map((t) => parsePlain(t, settings.decimal.charCodeAt(0))).filter((v) => v === v);
    const typed = this.cols.map((c, j) =>
      interpretColumn(withoutNaNumbers(c.finish(header[j], rows, lines), naNumbers), {
        file,
        lines,
        decimal: settings.decimal,
        thousands: settings.thousands,
        given: settings.kinds[header[j]],
        rowNames: rowNames && j === 0,
      }),
    );
    const columns = typed.map((t) => t.column);
    return {
      file,
      delimiter,
      decimal: settings.decimal,
      encoding,
      notes,
      kinds: typed.map((t) => t.inference),
      header,
      columns,
      lines,
      rowCount: rows,
    };
  }
}
