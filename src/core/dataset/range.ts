/**
 * Values a double holds but training cannot use. The CSV layer reads an infinity (`inf`, `-Infinity`) or
 * a numeral that overflows (`1e400`) as not-a-number text, so a handful of them in a short column would
 * make it categorical and train on `1e400` as a level. They are reported here instead, with their line.
 * Finite values so large that their mean or spread overflows (1e200 and up), or that overflow once
 * scaled, cannot be standardized either, and would otherwise show up as a divergence at step 0 that
 * blames the learning rate.
 */
import { LossLabError, quote, showPath } from '../errors';
import { parseNumber } from '../csv/cells';
import type { Column, CsvTable } from '../csv/types';
import { fitStandardizer, type Standardizer } from './scale';

/** Longest cell quoted in a message (a numeral can run to hundreds of digits). */
const SHOW_CHARS = 40;

/** `inf`, `Infinity` (any case, signed), or a decimal numeral beyond ±1.8e308. */
function isInfinite(cell: string): boolean {
  if (/^[+-]?inf(inity)?$/i.test(cell)) return true;
  const v = Number(cell);
  return v === Infinity || v === -Infinity;
}

/** Row and text of the first infinite cell of a column that is numeric apart from its infinities, or null. */
function firstInfinite(col: Column): { row: number; text: string } | null {
  if (col.kind === 'numeric') {
    const { rows, texts } = col.invalidCells;
    const k = texts.findIndex(isInfinite);
    return k < 0 ? null : { row: rows[k], text: texts[k] };
  }
  // A categorical column with real text in it may well use `inf` as a label.
  if (col.kind !== 'categorical' || !col.levels.every((l) => isInfinite(l) || !Number.isNaN(parseNumber(l))))
    return null;
  for (let r = 0; r < col.codes.length; r++) {
    const k = col.codes[r];
    if (k >= 0 && isInfinite(col.levels[k])) return { row: r, text: col.levels[k] };
  }
  return null;
}

/** Throws at the first infinite or overflowing cell of the columns a run uses. */
export function rejectInfinite(cols: readonly Column[], table: CsvTable): void {
  for (const col of cols) {
    const found = firstInfinite(col);
    if (!found) continue;
    const line = table.lines[found.row];
    const what = /inf/i.test(found.text) ? 'is infinite' : 'is beyond the range of a double (about ±1.8e308)';
    const cell = found.text.length > SHOW_CHARS ? `${found.text.slice(0, SHOW_CHARS - 3)}...` : found.text;
    throw new LossLabError(
      `${showPath(table.file)} line ${line}: ${quote(cell)} in column ${quote(col.name)} ${what}; replace it with a finite number, or empty the cell to mark it missing`,
      { file: table.file, line, field: col.name },
    );
  }
}

/**
 * Throws when a column cannot be standardized: its training mean or spread overflowed, or a value (of a
 * validation row, say) lands beyond the range of a double once scaled. Call after `standardize`.
 */
export function checkScaled(
  x: Float64Array,
  d: number,
  s: Standardizer,
  names: readonly string[],
  lineOf: (row: number) => number,
  file: string,
): void {
  for (let j = 0; j < d; j++)
    if (!Number.isFinite(s.mean[j]) || !Number.isFinite(s.std[j])) throw tooLarge(file, names[j], '');
  for (let k = 0; k < x.length; k++)
    if (!Number.isFinite(x[k])) throw tooLarge(file, names[k % d], ` line ${lineOf(Math.floor(k / d))}`);
}

/**
 * `checkScaled` of a feature matrix that is not built, from its numeric columns (`at`: the column in the
 * matrix): the same error for the same data, since each column is fitted over `fit` in the same order. A
 * one-hot column needs no check: its values are 0 and 1 and its mean and spread at most 1.
 */
export function checkColumnsScaled(
  columns: readonly { values: Float64Array; at: number }[],
  fit: Int32Array,
  names: readonly string[],
  lineOf: (row: number) => number,
  file: string,
): void {
  const scalers = columns.map((c) => fitStandardizer(c.values, 1, fit));
  const overflowed = scalers.findIndex((s) => !Number.isFinite(s.mean[0]) || !Number.isFinite(s.std[0]));
  if (overflowed >= 0) throw tooLarge(file, names[columns[overflowed].at], '');
  // The first value, row by row and then column by column (the columns are in matrix order), that is not
  // finite once scaled.
  let row = Infinity;
  let at = 0;
  columns.forEach((c, k) => {
    const { mean, std } = scalers[k];
    const v = c.values;
    const [mu, sd] = [mean[0], std[0]];
    for (let i = 0, end = Math.min(v.length, row); i < end; i++)
      if (!Number.isFinite((v[i] - mu) / sd)) {
        [row, at] = [i, c.at];
        break;
      }
  });
  if (row < Infinity) throw tooLarge(file, names[at], ` line ${lineOf(row)}`);
}

function tooLarge(file: string, name: string, where: string): LossLabError {
  return new LossLabError(
    `${showPath(file)}${where}: column ${quote(name)} has values too large to standardize (beyond the range of a double once scaled); rescale the column, e.g. to other units`,
    { file, field: name },
  );
}
