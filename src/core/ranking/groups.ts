/** Rows grouped by query id, the unit that ranking batches, splits and metrics work on. */

/** The row indices of each distinct group id, in order of first appearance. */
export function groupRows(group: ArrayLike<number>): number[][] {
  const rows = new Map<number, number[]>();
  for (let i = 0; i < group.length; i++) {
    const g = group[i];
    const list = rows.get(g);
    if (list) list.push(i);
    else rows.set(g, [i]);
  }
  return [...rows.values()];
}

/** The rows of each group among `rows` (a split), in order of first appearance. */
export function groupsOf(group: ArrayLike<number>, rows: ArrayLike<number>): Int32Array[] {
  const members = new Map<number, number[]>();
  for (let i = 0; i < rows.length; i++) {
    const g = group[rows[i]];
    const list = members.get(g);
    if (list) list.push(rows[i]);
    else members.set(g, [rows[i]]);
  }
  return [...members.values()].map((m) => Int32Array.from(m));
}
