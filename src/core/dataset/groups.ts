/**
 * The group column of a ranking dataset (queries) or a sequence one (sequences): which group each kept row
 * belongs to, and the split that keeps every group whole on one side, so that no query or sequence is both
 * trained on and validated on.
 */
import type { Column, CsvTable } from '../csv/types';
import { LossLabError, quote } from '../errors';
import { Rng } from '../rng';
import { type Split, validationSize } from './split';
import type { MissingReport } from './types';

/** The id a cell gives its row (a level's code or the number itself), or NaN when the cell is missing. */
function cellId(c: Column, r: number): number {
  if (c.kind === 'categorical') return c.codes[r] < 0 ? NaN : c.codes[r];
  if (c.kind === 'numeric') return c.values[r];
  return c.value === null ? NaN : 0;
}

/**
 * The kept rows that have a group, and each one's group as a dense index (0, 1, ... in order of first
 * appearance). Rows without a group are dropped like rows without a target, and reported. `field` names the
 * setting that chose the column.
 */
export function readGroups(
  column: Column,
  rows: Int32Array,
  table: CsvTable,
  warnings: string[],
  report: MissingReport[],
  field: 'group' | 'sequence' = 'group',
): { rows: Int32Array; group: Float64Array } {
  const index = new Map<number, number>();
  const kept: number[] = [];
  const group: number[] = [];
  for (const r of rows) {
    const id = cellId(column, r);
    if (Number.isNaN(id)) continue;
    let g = index.get(id);
    if (g === undefined) index.set(id, (g = index.size));
    kept.push(r);
    group.push(g);
  }
  const dropped = rows.length - kept.length;
  if (dropped > 0) {
    report.push({ column: column.name, count: dropped, action: 'dropped' });
    warnings.push(`dropped ${dropped} rows with no ${field} in ${quote(column.name)}`);
  }
  const what = field === 'group' ? 'ranking needs several groups (queries)' : 'tagging needs several sequences';
  if (index.size < 2)
    throw new LossLabError(
      `${field} column ${quote(column.name)} has ${index.size === 0 ? 'no values' : `a single ${field}`} in the rows kept; ${what} to train and validate on`,
      { file: table.file, field },
    );
  return { rows: Int32Array.from(kept), group: Float64Array.from(group) };
}

/** The seeded split by whole groups: round(groups · valSplit) of them (at least one) go to validation. */
export function splitGroups(group: Float64Array, valSplit: number, seed: number): Split {
  const count = group.reduce((m, g) => Math.max(m, g), -1) + 1;
  const order = Array.from({ length: count }, (_, g) => g);
  new Rng(seed).shuffle(order);
  const inVal = new Uint8Array(count);
  for (let i = 0; i < validationSize(count, valSplit); i++) inVal[order[i]] = 1;
  const train: number[] = [];
  const val: number[] = [];
  group.forEach((g, row) => (inVal[g] ? val : train).push(row));
  return { train: Int32Array.from(train), val: Int32Array.from(val) };
}
