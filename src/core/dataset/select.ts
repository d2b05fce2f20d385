/** Which columns are the target and which are features; unknown names get "did you mean". */
import { LossLabError, closest, quote, quoteList, showPath } from '../errors';
import type { CategoricalColumn, Column, CsvTable, NumericColumn } from '../csv/types';

export type FeatureColumn = NumericColumn | CategoricalColumn;

export interface Selection {
  targets: Column[];
  features: FeatureColumn[];
}

function find(cols: readonly Column[], name: string, field: 'target' | 'features', file: string): Column {
  const col = cols.find((c) => c.name === name);
  if (col) return col;
  const all = cols.map((c) => c.name);
  const near = closest(name, all);
  const hint = near.length ? `did you mean ${near.map((s) => quote(s)).join(', ')}?` : `the columns are ${quoteList(all)}`;
  throw new LossLabError(`${field === 'target' ? 'target' : 'feature'} column ${quote(name)} is not in ${showPath(file)}; ${hint}`, { file, field });
}

function constantReason(c: Column): string {
  if (c.kind !== 'constant') return '';
  return c.value === null ? `column ${quote(c.name)} has no values (every cell is missing)` : `column ${quote(c.name)} has the single value ${quote(c.value)}`;
}

/** `table` gives the file name and the rows (a single row makes every column constant: said as such). */
export function selectColumns(cols: readonly Column[], target: string[] | null, features: string[] | null, table: CsvTable, warnings: string[]): Selection {
  const file = table.file;
  const targets = target ? target.map((name) => find(cols, name, 'target', file)) : [cols[cols.length - 1]];
  let chosen: Column[];
  if (features) {
    chosen = features.map((name) => find(cols, name, 'features', file));
    const both = chosen.find((c) => targets.includes(c));
    if (both)
      throw new LossLabError(`column ${quote(both.name)} is both the target and a feature; remove it from the features`, { file, field: 'features' });
  } else chosen = cols.filter((c) => !targets.includes(c));

  if (table.rowCount < 2)
    throw new LossLabError(`${showPath(file)} has a single data row (line ${table.lines[0]}); training needs at least two rows`, { file, line: table.lines[0] });

  const used: FeatureColumn[] = [];
  for (const c of chosen) {
    if (c.kind === 'constant') warnings.push(`${constantReason(c)}; dropped from the features`);
    else used.push(c);
  }
  if (used.length === 0) {
    const why = chosen.length ? ` (${chosen.map(constantReason).join('; ')})` : '';
    throw new LossLabError(`${showPath(file)} has no usable feature columns besides the target${why}; add columns that vary from row to row`, { file, field: 'features' });
  }
  return { targets, features: used };
}
