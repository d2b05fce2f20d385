import type { Encoding } from './encoding';
import type { ColumnKind } from './options';

/** What a column was taken for, and why (shown by `losslab inspect` and the extension's inspection). */
export interface ColumnInference {
  kind: ColumnKind;
  /** What the values looked like (or that the kind was given). */
  because: string;
  /** Boolean columns of text: the levels read as true (1). */
  trueLevels?: string[];
}

/** A parsed CSV file: the header and the typed columns (cells are typed as they are read). */
export interface CsvTable {
  file: string;
  /** The delimiter used: `,` `;` `\t` or `|`. */
  delimiter: string;
  /** The decimal mark numbers were read with. */
  decimal: '.' | ',';
  /** The encoding the file was decoded from. */
  encoding: Encoding;
  /** What reading inferred or did that a user should know: comment lines skipped, an encoding guessed, short rows. */
  notes: string[];
  /** One per column: its kind. A date column holds days since 1970-01-01 in a numeric column. */
  kinds: ColumnInference[];
  /** Column names, trimmed; unique and non-empty. */
  header: string[];
  /** One per header name, in order. */
  columns: Column[];
  /** 1-based source line where each row starts (a quoted field may span several lines). */
  lines: Int32Array;
  rowCount: number;
  /** Rows from this one on come from a separate validation file (see append.ts); absent: one file. */
  validationFrom?: number;
}

/** Cells of a numeric column that are neither numbers nor missing tokens, kept as missing values. */
export interface InvalidCells {
  count: number;
  /** Source line of the first such cell (0 when `count` is 0). */
  firstLine: number;
  firstValue: string;
}

export interface NumericColumn {
  name: string;
  kind: 'numeric';
  /** NaN marks a missing value: a missing token or an invalid cell. */
  values: Float64Array;
  /** Number of NaN entries in `values`, invalid cells included. */
  missing: number;
  invalid: InvalidCells;
  /** Every invalid cell: its row and trimmed text, in row order. */
  invalidCells: { rows: Int32Array; texts: string[] };
}

export interface CategoricalColumn {
  name: string;
  kind: 'categorical';
  /** Index into `levels`, -1 for a missing value. */
  codes: Int32Array;
  /** Distinct trimmed values in `compareLevels` order. */
  levels: string[];
  missing: number;
}

/** A column with at most one distinct non-missing value: nothing to learn from, dropped from features. */
export interface ConstantColumn {
  name: string;
  kind: 'constant';
  /** The single value (trimmed), or null when every cell is missing. */
  value: string | null;
  missing: number;
  /** Each cell as a number, NaN where it is missing or not a number (a constant can be one column of a distribution target). */
  values: Float64Array;
}

export type Column = NumericColumn | CategoricalColumn | ConstantColumn;

/** One line of `losslab inspect`. */
export interface ColumnSummary {
  name: string;
  kind: ColumnKind;
  /** Why the column has that kind. */
  because: string;
  /** Non-missing cells. */
  count: number;
  missing: number;
  /** Numeric columns: cells that were not numbers (counted in `missing`). */
  invalid?: InvalidCells;
  distinct: number;
  min?: number;
  max?: number;
  mean?: number;
  /** Sample standard deviation (n - 1), as pandas' `describe` reports it. */
  std?: number;
  /** Categorical columns: the most frequent levels, most frequent first. */
  top?: { level: string; count: number }[];
  /** Constant columns: the single value. */
  value?: string | null;
}
