/** Which columns are the target and which are features; unknown names get "did you mean". */
import { LossLabError, closest, quote, quoteList, showPath } from '../errors';
import type { CategoricalColumn, Column, CsvTable, NumericColumn } from '../csv/types';
import { featureColumns } from './derived';

export type FeatureColumn = NumericColumn | CategoricalColumn;

export interface Selection {
  targets: Column[];
  /** The columns features are made of (a date makes three). */
  features: FeatureColumn[];
  /** The table's columns the features come from. */
  sources: Column[];
}

export function find(
  cols: readonly Column[],
  name: string,
  field: 'target' | 'features' | 'group' | 'sequence' | 'order',
  file: string,
): Column {
  const col = cols.find((c) => c.name === name);
  if (col) return col;
  const all = cols.map((c) => c.name);
  const near = closest(name, all);
  const hint = near.length
    ? `did you mean ${near.map((s) => quote(s)).join(', ')}?`
    : `the columns are ${quoteList(all)}`;
  throw new LossLabError(
    `${field === 'features' ? 'feature' : field} column ${quote(name)} is not in ${showPath(file)}; ${hint}`,
    { file, field },
  );
}

/** What makes a constant column useless: `has no values …` or `has the single value …`. */
function constantWhat(c: Column): string {
  if (c.kind !== 'constant') return '';
  return c.value === null ? 'has no values (every cell is missing)' : `has the single value ${quote(c.value)}`;
}

function constantReason(c: Column): string {
  return c.kind === 'constant' ? `column ${quote(c.name)} ${constantWhat(c)}` : '';
}

/** What a column is for in training, and why a column is left out. */
export interface ColumnRole {
  name: string;
  role: 'target' | 'feature' | 'ignored';
  reason?: string;
}

/** Why a column of this kind is left out unless named in the features, or null when it is used. */
function ignoredByKind(table: CsvTable, j: number): string | null {
  const { kind, because } = table.kinds[j];
  if (table.header[j] === 'Unnamed: 0' && because.startsWith('row names')) return 'row names';
  if (kind === 'identifier') return `an identifier (${because})`;
  if (kind === 'text') return `free text (${because})`;
  return null;
}

/**
 * Each column's role: the target(s); the features named, else every other column but those in `ignore`,
 * identifiers, row names, free text and constant columns.
 */
export function columnRoles(
  table: CsvTable,
  target: string[] | null,
  features: string[] | null,
  ignore: readonly string[],
): ColumnRole[] {
  const cols = table.columns;
  const targets = target ? target.map((name) => find(cols, name, 'target', table.file)) : [cols[cols.length - 1]];
  for (const name of ignore) find(cols, name, 'features', table.file);
  const named = features ? features.map((name) => find(cols, name, 'features', table.file)) : null;
  return cols.map((c, j) => {
    if (targets.includes(c)) return { name: c.name, role: 'target' };
    if (named)
      return named.includes(c)
        ? { name: c.name, role: 'feature' }
        : { name: c.name, role: 'ignored', reason: 'not among the features given' };
    if (ignore.includes(c.name)) return { name: c.name, role: 'ignored', reason: 'in ignore' };
    const byKind = ignoredByKind(table, j);
    if (byKind !== null) return { name: c.name, role: 'ignored', reason: byKind };
    if (c.kind === 'constant') return { name: c.name, role: 'ignored', reason: constantWhat(c) };
    return { name: c.name, role: 'feature' };
  });
}

/** `table` gives the file name and the rows (a single row makes every column constant: said as such). */
export function selectColumns(
  table: CsvTable,
  target: string[] | null,
  features: string[] | null,
  ignore: readonly string[],
  warnings: string[],
): Selection {
  const cols = table.columns;
  const file = table.file;
  const targets = target ? target.map((name) => find(cols, name, 'target', file)) : [cols[cols.length - 1]];
  let chosen: Column[];
  if (features) {
    chosen = features.map((name) => find(cols, name, 'features', file));
    const both = chosen.find((c) => targets.includes(c));
    if (both)
      throw new LossLabError(
        `column ${quote(both.name)} is both the target and a feature; remove it from the features`,
        { file, field: 'features' },
      );
  } else {
    const roles = columnRoles(table, target, null, ignore);
    chosen = cols.filter((c, j) => !targets.includes(c) && (roles[j].role === 'feature' || c.kind === 'constant'));
    roles.forEach((r, j) => {
      if (r.role === 'ignored' && cols[j].kind !== 'constant' && !ignore.includes(r.name))
        warnings.push(
          `column ${quote(r.name)} is ${r.reason}: left out of the features (name it in the features to use it)`,
        );
    });
  }

  if (table.rowCount < 2)
    throw new LossLabError(
      `${showPath(file)} has a single data row (line ${table.lines[0]}); training needs at least two rows`,
      { file, line: table.lines[0] },
    );

  const used: FeatureColumn[] = [];
  const sources: Column[] = [];
  for (const c of chosen) {
    if (c.kind === 'constant') warnings.push(`${constantReason(c)}; dropped from the features`);
    else {
      sources.push(c);
      used.push(...featureColumns(c, table.kinds[cols.indexOf(c)]));
    }
  }
  if (used.length === 0) {
    const why = chosen.length ? ` (${chosen.map(constantReason).join('; ')})` : '';
    throw new LossLabError(
      `${showPath(file)} has no usable feature columns besides the target${why}; add columns that vary from row to row`,
      { file, field: 'features' },
    );
  }
  return { targets, features: used, sources };
}
