/**
 * A validation file appended to a training file's table: the same columns, each typed as the training
 * file has it (the validation file is read with the training file's kinds), so that one dataset holds
 * both, encoded and standardized alike, and the rows from `validationFrom` on are the validation split.
 */
import { LossLabError, quoteList, showPath } from '../errors';
import { compareLevels } from './cells';
import type { ColumnKind } from './options';
import type { CategoricalColumn, Column, CsvTable, NumericColumn } from './types';

/** The kinds to read a validation file with: the training file's, column by column. */
export function kindsOf(table: CsvTable): Record<string, ColumnKind> {
  return Object.fromEntries(table.header.map((name, j) => [name, table.kinds[j].kind]));
}

function numbers(c: Column): Float64Array {
  if (c.kind !== 'categorical') return c.values;
  return Float64Array.from(c.codes, (k) => (k < 0 ? NaN : Number(c.levels[k])));
}

function texts(c: Column): (string | null)[] {
  if (c.kind === 'categorical') return Array.from(c.codes, (k) => (k < 0 ? null : c.levels[k]));
  if (c.kind === 'constant') return Array.from(c.values, () => c.value);
  return Array.from(c.values, (v) => (Number.isNaN(v) ? null : String(v)));
}

function numericColumn(name: string, a: Column, b: Column, offset: number): NumericColumn {
  const first = numbers(a);
  const second = numbers(b);
  const merged = new Float64Array(first.length + second.length);
  merged.set(first);
  merged.set(second, first.length);
  const invalid = [a, b].map((c) => (c.kind === 'numeric' ? c.invalid : { count: 0, firstLine: 0, firstValue: '' }));
  const cells = [a, b].map((c) => (c.kind === 'numeric' ? c.invalidCells : { rows: new Int32Array(0), texts: [] }));
  return {
    name,
    kind: 'numeric',
    values: merged,
    missing: merged.reduce((s, v) => s + (Number.isNaN(v) ? 1 : 0), 0),
    invalid: invalid[0].count ? invalid[0] : { ...invalid[1], count: invalid[0].count + invalid[1].count },
    invalidCells: {
      rows: Int32Array.from([...cells[0].rows, ...Array.from(cells[1].rows, (r) => r + offset)]),
      texts: [...cells[0].texts, ...cells[1].texts],
    },
  };
}

function categoricalColumn(name: string, a: Column, b: Column): CategoricalColumn {
  const cells = [...texts(a), ...texts(b)];
  const levels = [...new Set(cells.filter((t): t is string => t !== null))].sort(compareLevels);
  const index = new Map(levels.map((l, k) => [l, k]));
  const codes = Int32Array.from(cells, (t) => (t === null ? -1 : index.get(t)!));
  return { name, kind: 'categorical', codes, levels, missing: cells.filter((t) => t === null).length };
}

/** Refuses a validation file whose columns are not the training file's, in the same order. */
export function checkSameColumns(train: CsvTable, val: CsvTable): void {
  if (val.header.join('\u0000') !== train.header.join('\u0000'))
    throw new LossLabError(
      `${showPath(val.file)} must have the columns of ${showPath(train.file)} in the same order (${quoteList(train.header)}), and has ${quoteList(val.header)}`,
      { file: val.file, field: 'data.valPath' },
    );
}

/** Whether `val` read some column as another kind than `train` did (then it is read again with train's). */
export function kindsDiffer(train: CsvTable, val: CsvTable): boolean {
  return train.kinds.some((k, j) => k.kind !== val.kinds[j].kind);
}

/** `train` with `val`'s rows after its own; `val` must have the same columns. */
export function appendValidation(train: CsvTable, val: CsvTable): CsvTable {
  checkSameColumns(train, val);
  const columns = train.columns.map((c, j): Column => {
    const other = val.columns[j];
    // A column constant in both files with the same value stays constant (and is dropped from the features).
    if (c.kind === 'constant' && other.kind === 'constant' && c.value === other.value)
      return { ...c, values: Float64Array.from([...c.values, ...other.values]), missing: c.missing + other.missing };
    // Read with the same kinds, the two hold their cells alike: numbers (dates as days), or levels (text,
    // booleans); a column constant in one file takes the other's form.
    return c.kind === 'categorical' || other.kind === 'categorical'
      ? categoricalColumn(c.name, c, other)
      : numericColumn(c.name, c, other, train.rowCount);
  });
  const notes = val.notes.map((n) => `${showPath(val.file)}: ${n}`);
  return {
    ...train,
    notes: [...train.notes, ...notes],
    columns,
    lines: Int32Array.from([...train.lines, ...val.lines]),
    rowCount: train.rowCount + val.rowCount,
    validationFrom: train.rowCount,
  };
}
