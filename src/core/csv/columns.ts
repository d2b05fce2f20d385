/**
 * Column typing. A column is numeric when its non-missing cells are numbers, or nearly all are: up to
 * `MAX_INVALID_SHARE` of them may be text (a stray 'n.a.' or '1,5'), read as missing and reported. Otherwise
 * it is categorical. A column with at most one distinct non-missing value is constant.
 */
import { compareLevels, isMissingToken, parseNumber, trimCell } from './cells';
import type { CategoricalColumn, Column, CsvTable, NumericColumn } from './types';

/** Largest share of a numeric column's non-missing cells that may fail to parse. */
export const MAX_INVALID_SHARE = 0.05;

export function typeColumns(table: CsvTable): Column[] {
  return table.header.map((name, j) => typeColumn(name, table.columns[j], table.lines));
}

function typeColumn(name: string, cells: string[], lines: Int32Array): Column {
  const n = cells.length;
  const values = new Float64Array(n);
  let missing = 0;
  let invalid = 0;
  let firstInvalid = -1;
  let first = NaN;
  let varies = false;
  for (let r = 0; r < n; r++) {
    const s = trimCell(cells[r]);
    if (isMissingToken(s)) {
      values[r] = NaN;
      missing++;
      continue;
    }
    const v = parseNumber(s);
    values[r] = v;
    if (Number.isNaN(v)) {
      if (invalid++ === 0) firstInvalid = r;
      // Mostly text: stop parsing numbers and type it as categorical.
      if (invalid > MAX_INVALID_SHARE * n) return categorical(name, cells);
    } else if (Number.isNaN(first)) first = v;
    else if (v !== first) varies = true;
  }
  const present = n - missing;
  if (present === 0) return { name, kind: 'constant', value: null, missing };
  const numbers = present - invalid;
  if (numbers === 0 || invalid > MAX_INVALID_SHARE * present) return categorical(name, cells);
  if (!varies) return { name, kind: 'constant', value: trimCell(cells[firstValueRow(values)]), missing };
  const col: NumericColumn = {
    name,
    kind: 'numeric',
    values,
    missing: missing + invalid,
    invalid: { count: invalid, firstLine: firstInvalid < 0 ? 0 : lines[firstInvalid], firstValue: firstInvalid < 0 ? '' : cells[firstInvalid].trim() },
  };
  return col;
}

function firstValueRow(values: Float64Array): number {
  for (let r = 0; r < values.length; r++) if (!Number.isNaN(values[r])) return r;
  return 0;
}

function categorical(name: string, cells: string[]): Column {
  const n = cells.length;
  const codes = new Int32Array(n);
  const index = new Map<string, number>();
  const seen: string[] = [];
  let missing = 0;
  for (let r = 0; r < n; r++) {
    const s = trimCell(cells[r]);
    if (isMissingToken(s)) {
      codes[r] = -1;
      missing++;
      continue;
    }
    let k = index.get(s);
    if (k === undefined) {
      k = seen.length;
      index.set(s, k);
      seen.push(s);
    }
    codes[r] = k;
  }
  if (seen.length <= 1) return { name, kind: 'constant', value: seen.length ? seen[0] : null, missing };
  const levels = [...seen].sort(compareLevels);
  const rank = new Int32Array(seen.length);
  levels.forEach((level, k) => (rank[index.get(level) as number] = k));
  for (let r = 0; r < n; r++) if (codes[r] >= 0) codes[r] = rank[codes[r]];
  const col: CategoricalColumn = { name, kind: 'categorical', codes, levels, missing };
  return col;
}
