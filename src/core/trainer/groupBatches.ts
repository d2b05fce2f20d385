/**
 * Batches of whole groups, for ranking: a batch of b groups is the rows of b groups (in the epoch's order
 * of groups), with each row's group id beside it so that the loss sees which rows compete.
 */
import type { Dataset } from '../dataset';
import { groupsOf } from '../ranking/groups';

export interface GroupBatch {
  rows: Int32Array;
  group: Float64Array;
}

export class GroupBatches {
  /** The rows of each group of the split. */
  readonly groups: Int32Array[];
  private readonly rows: Int32Array;
  private readonly group: Float64Array;

  constructor(
    private readonly data: Dataset,
    split: ArrayLike<number>,
    /** Groups per batch. */
    batch: number,
  ) {
    this.groups = groupsOf(data.group!, split);
    const sizes = this.groups.map((g) => g.length).sort((a, b) => b - a);
    const most = sizes.slice(0, batch).reduce((s, v) => s + v, 0);
    this.rows = new Int32Array(most);
    this.group = new Float64Array(most);
  }

  /** The most rows a batch can have: its `batch` largest groups. */
  get maxRows(): number {
    return this.rows.length;
  }

  /** Model rows of the groups order[from], ..., order[from + count − 1], and their group ids. */
  gather(order: ArrayLike<number>, from: number, count: number): GroupBatch {
    let n = 0;
    for (let i = from; i < from + count; i++) {
      const members = this.groups[order[i]];
      this.rows.set(members, n);
      this.group.fill(this.data.group![members[0]], n, n + members.length);
      n += members.length;
    }
    return { rows: this.rows.subarray(0, n), group: this.group.subarray(0, n) };
  }
}
