/**
 * The rows of a sequence task put in order: each sequence's rows (tokens) consecutive, sequences in order of
 * first appearance, and within one by the order column (ties and no order column: file order), so that a
 * batch of whole sequences and the evaluation read each one front to back.
 */
import type { Column, CsvTable } from '../csv/types';
import { LossLabError, quote } from '../errors';

export function orderSequences(
  rows: Int32Array,
  sequence: Float64Array,
  order: Column | null,
  table: CsvTable,
): { rows: Int32Array; group: Float64Array } {
  if (order && order.kind !== 'numeric')
    throw new LossLabError(
      `order column ${quote(order.name)} is not numeric; it must give each row's position in its sequence (a number or a date)`,
      { file: table.file, field: 'order' },
    );
  const position = (r: number) => (order && order.kind === 'numeric' ? order.values[r] : 0);
  const missing = rows.findIndex((r) => Number.isNaN(position(r)));
  if (missing >= 0)
    throw new LossLabError(
      `order column ${quote(order!.name)} has no value at line ${table.lines[rows[missing]]}; every row of a sequence needs its position`,
      { file: table.file, line: table.lines[rows[missing]], field: 'order' },
    );
  const index = Array.from(rows, (_, i) => i);
  // Array.prototype.sort is stable: equal positions keep file order.
  index.sort((a, b) => sequence[a] - sequence[b] || position(rows[a]) - position(rows[b]));
  return { rows: Int32Array.from(index, (i) => rows[i]), group: Float64Array.from(index, (i) => sequence[i]) };
}
