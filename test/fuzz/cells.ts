/**
 * Whether a typed column holds what a cell was written as. Cells are typed as they are read, so the text
 * is compared as the column keeps it: the number it spells in a numeric column (or its text, when it is
 * one of the column's invalid cells), the trimmed text in a categorical one, either in a constant one, a
 * missing value for an empty cell or a missing token (which a constant column does not mark).
 */
import { type Column, isMissingToken, parseNumber } from '../../src/core/csv';

export function holds(col: Column, row: number, written: string): boolean {
  const t = written.trim();
  const missing = isMissingToken(t);
  switch (col.kind) {
    case 'numeric': {
      if (missing) return Number.isNaN(col.values[row]);
      const v = parseNumber(t);
      if (!Number.isNaN(v)) return col.values[row] === v;
      const k = col.invalidCells.rows.indexOf(row);
      return k >= 0 && col.invalidCells.texts[k] === t;
    }
    case 'categorical':
      return missing ? col.codes[row] < 0 : col.levels[col.codes[row]] === t;
    case 'constant': {
      // The one value, though perhaps spelled another way (+1 and 1.0 are both 1).
      if (missing) return true;
      const v = parseNumber(t);
      return Number.isNaN(v) ? col.value === t : col.values[row] === v;
    }
  }
}
