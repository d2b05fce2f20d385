/** Per-column summaries for `losslab inspect`. */
import type { Column, ColumnSummary, CsvTable } from './types';

/** Levels listed for a categorical column. */
export const TOP_LEVELS = 5;

const scratch = new Float64Array(1);
const scratchBits = new Int32Array(scratch.buffer);

/**
 * Distinct numbers among `values` (no NaN; -0 counts as 0), in an open-addressing hash table of doubles:
 * a `Set` of a million numbers takes a second, this a few milliseconds.
 */
function countDistinct(values: Float64Array): number {
  let size = 16;
  while (size < 2 * values.length) size *= 2;
  const table = new Float64Array(size).fill(NaN);
  const mask = size - 1;
  let distinct = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] + 0;
    scratch[0] = x;
    let h = (Math.imul(scratchBits[0], 0x9e3779b1) ^ Math.imul(scratchBits[1], 0x85ebca77)) & mask;
    for (;;) {
      const y = table[h];
      if (y === x) break;
      if (y !== y) {
        table[h] = x;
        distinct++;
        break;
      }
      h = (h + 1) & mask;
    }
  }
  return distinct;
}

export function describeColumns(cols: readonly Column[], table: CsvTable): ColumnSummary[] {
  return cols.map((col, j) => {
    const count = table.rowCount - col.missing;
    const { kind, because } = table.kinds[table.columns.indexOf(col)] ?? table.kinds[j];
    const base = { name: col.name, kind, because, count, missing: col.missing };
    switch (col.kind) {
      case 'numeric': {
        const v = col.values;
        let min = Infinity;
        let max = -Infinity;
        let sum = 0;
        const present = new Float64Array(count);
        let k = 0;
        for (let r = 0; r < v.length; r++) {
          const x = v[r];
          if (Number.isNaN(x)) continue;
          if (x < min) min = x;
          if (x > max) max = x;
          sum += x;
          present[k++] = x;
        }
        const distinct = countDistinct(present);
        const mean = sum / count;
        // Two passes: the textbook one-pass formula loses digits when the mean is large.
        let ss = 0;
        for (let r = 0; r < v.length; r++) if (!Number.isNaN(v[r])) ss += (v[r] - mean) ** 2;
        const std = count > 1 ? Math.sqrt(ss / (count - 1)) : NaN;
        return { ...base, invalid: col.invalid, distinct, min, max, mean, std };
      }
      case 'categorical': {
        const counts = new Array<number>(col.levels.length).fill(0);
        for (let r = 0; r < col.codes.length; r++) if (col.codes[r] >= 0) counts[col.codes[r]]++;
        const top = col.levels
          .map((level, k) => ({ level, count: counts[k] }))
          .sort((a, b) => b.count - a.count) // stable: ties keep level order
          .slice(0, TOP_LEVELS);
        return { ...base, distinct: col.levels.length, top };
      }
      case 'constant':
        return { ...base, distinct: col.value === null ? 0 : 1, value: col.value };
    }
  });
}
