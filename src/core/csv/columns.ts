/**
 * Column typing. A column is numeric when its non-missing cells are numbers, or nearly all are: up to
 * `MAX_INVALID_SHARE` of them may be text (a stray 'n.a.' or '1,5'), read as missing and reported. Otherwise
 * it is categorical. A column with at most one distinct non-missing value is constant.
 *
 * Cells are typed as the chunks are read (`chunk.ts`); a `ColumnBuilder` gathers the chunks' parts of one
 * column and decides its type once every row is in.
 */
import { compareLevels } from './cells';
import type { ColumnPart } from './chunk';
import type { Column, CsvTable } from './types';

/** Largest share of a numeric column's non-missing cells that may fail to parse. */
export const MAX_INVALID_SHARE = 0.05;

/** The typed columns of a table (typing happens while it is read). */
export function typeColumns(table: CsvTable): Column[] {
  return table.columns;
}

/** `a` cut to `n` entries: a view when little would be wasted, else a copy. */
function fit<T extends Float64Array | Int32Array>(a: T, n: number): T {
  if (a.length === n) return a;
  return (a.length - n <= a.length / 32 ? a.subarray(0, n) : a.slice(0, n)) as T;
}

export class ColumnBuilder {
  values: Float64Array;
  /** Index into `levels` of each cell whose text is known, -1 elsewhere; null while no cell had text. */
  codes: Int32Array | null = null;
  readonly levels: string[] = [];
  private readonly index = new Map<string, number>();
  missing = 0;
  invalid = 0;
  firstInvalidRow = -1;
  firstInvalidText = '';
  first = NaN;
  firstText = '';
  varies = false;
  /** Chunks holding numbers whose text was not kept. */
  readonly untexted: number[] = [];

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }

  grow(capacity: number): void {
    const v = new Float64Array(capacity);
    v.set(this.values);
    this.values = v;
    if (this.codes !== null) {
      const c = new Int32Array(capacity).fill(-1);
      c.set(this.codes);
      this.codes = c;
    }
  }

  /** Appends a chunk's part, whose rows start at row `base`. */
  add(part: ColumnPart, base: number, rows: number, chunk: number): void {
    const v = part.values;
    // Nothing to copy when the chunk was parsed into this column's own array.
    if (v.buffer !== this.values.buffer || v.byteOffset !== base * 8) this.values.set(v.subarray(0, rows), base);
    this.missing += part.missing;
    if (part.invalid > 0 && this.invalid === 0) {
      this.firstInvalidRow = base + part.firstInvalidRow;
      this.firstInvalidText = part.firstInvalidText;
    }
    this.invalid += part.invalid;
    if (part.first === part.first) {
      if (this.first !== this.first) {
        this.first = part.first;
        this.firstText = part.firstText;
      } else if (part.first !== this.first) this.varies = true;
      if (part.varies) this.varies = true;
    }
    if (part.untexted > 0) this.untexted.push(chunk);
    this.addTexts(part, base, rows);
  }

  /** Takes the texts a chunk kept (again, after the chunk was read keeping the text of every cell). */
  addTexts(part: ColumnPart, base: number, rows: number): void {
    if (part.codes === null) return;
    const global = part.levels.map((t) => this.intern(t));
    if (this.codes === null) this.codes = new Int32Array(this.values.length).fill(-1);
    const codes = this.codes;
    for (let r = 0; r < rows; r++) {
      const k = part.codes[r];
      if (k >= 0) codes[base + r] = global[k];
    }
  }

  private intern(t: string): number {
    let k = this.index.get(t);
    if (k === undefined) {
      k = this.levels.length;
      this.index.set(t, k);
      this.levels.push(t);
    }
    return k;
  }

  /** Whether the column is categorical, once every chunk is in. */
  isCategorical(rows: number): boolean {
    const present = rows - this.missing;
    const numbers = present - this.invalid;
    return present > 0 && (numbers === 0 || this.invalid > MAX_INVALID_SHARE * present);
  }

  /** The typed column; `lines` gives the source line of each row. */
  finish(name: string, rows: number, lines: Int32Array): Column {
    const values = fit(this.values, rows);
    const missing = this.missing;
    if (rows - missing === 0) return { name, kind: 'constant', value: null, missing, values };
    if (this.isCategorical(rows)) return this.categorical(name, rows, values);
    if (!this.varies) return { name, kind: 'constant', value: this.firstText, missing, values };
    const invalid = this.invalid;
    return {
      name,
      kind: 'numeric',
      values,
      missing: missing + invalid,
      invalid: {
        count: invalid,
        firstLine: invalid ? lines[this.firstInvalidRow] : 0,
        firstValue: invalid ? this.firstInvalidText : '',
      },
      invalidCells: this.invalidCells(values),
    };
  }

  private invalidCells(values: Float64Array): { rows: Int32Array; texts: string[] } {
    const rows = new Int32Array(this.invalid);
    const texts: string[] = [];
    const codes = this.codes;
    if (codes === null) return { rows, texts };
    for (let r = 0; r < values.length; r++) {
      if (codes[r] >= 0 && Number.isNaN(values[r])) {
        rows[texts.length] = r;
        texts.push(this.levels[codes[r]]);
      }
    }
    return { rows, texts };
  }

  /** Levels in `compareLevels` order; every non-missing cell has its text by now. */
  private categorical(name: string, n: number, values: Float64Array): Column {
    const seen = this.levels;
    const missing = this.missing;
    if (seen.length <= 1) return { name, kind: 'constant', value: seen.length ? seen[0] : null, missing, values };
    const levels = [...seen].sort(compareLevels);
    const rank = new Int32Array(seen.length);
    levels.forEach((level, k) => (rank[this.index.get(level) as number] = k));
    const codes = fit(this.codes as Int32Array, n);
    for (let r = 0; r < n; r++) if (codes[r] >= 0) codes[r] = rank[codes[r]];
    return { name, kind: 'categorical', codes, levels, missing };
  }
}
