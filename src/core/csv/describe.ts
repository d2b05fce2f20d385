/** Per-column summaries for `losslab inspect`. */
import { DistinctCounter } from './distinct';
import type { Column, ColumnSummary, CsvTable } from './types';

/** Levels listed for a categorical column. */
export const TOP_LEVELS = 5;

export function describeColumns(cols: readonly Column[], table: CsvTable): ColumnSummary[] {
  const distinctOf = new DistinctCounter();
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
        for (let r = 0; r < v.length; r++) {
          const x = v[r];
          if (x !== x) continue;
          if (x < min) min = x;
          if (x > max) max = x;
          sum += x;
        }
        const distinct = distinctOf.count(v);
        const mean = sum / count;
        // Two passes: the textbook one-pass formula loses digits when the mean is large.
        let ss = 0;
        for (let r = 0; r < v.length; r++) if (v[r] === v[r]) ss += (v[r] - mean) ** 2;
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
