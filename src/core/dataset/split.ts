/**
 * The seeded train/validation split. Classification splits each class separately (stratified) so that
 * both parts keep the class proportions: a class of c rows puts round(c · valSplit) of them in validation,
 * at least one when c >= 2 and never all of them. Other tasks split all rows the same way.
 */
import { Rng } from '../rng';

export interface Split {
  /** Ascending row indices. */
  train: Int32Array;
  val: Int32Array;
}

/** How many of `count` rows go to validation. */
export function validationSize(count: number, valSplit: number): number {
  if (valSplit === 0 || count < 2) return 0;
  return Math.min(count - 1, Math.max(1, Math.round(count * valSplit)));
}

/**
 * Each class's rows in ascending order, or every row as one group without labels. Typed arrays: a plain
 * array of 10 million row numbers takes twice the memory, more while it grows.
 */
function classRows(n: number, labels: Float64Array | null): Int32Array[] {
  if (!labels) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return [all];
  }
  const counts: number[] = [];
  for (let i = 0; i < n; i++) counts[labels[i]] = (counts[labels[i]] ?? 0) + 1;
  const groups = Array.from(counts, (c) => new Int32Array(c ?? 0));
  const filled = groups.map(() => 0);
  for (let i = 0; i < n; i++) groups[labels[i]][filled[labels[i]]++] = i;
  return groups;
}

/** `labels`: class index per row for a stratified split, or null. */
export function splitRows(n: number, labels: Float64Array | null, valSplit: number, seed: number): Split {
  // No validation rows: the shuffles below would choose none.
  if (valSplit === 0) {
    const train = new Int32Array(n);
    for (let i = 0; i < n; i++) train[i] = i;
    return { train, val: new Int32Array(0) };
  }
  const rng = new Rng(seed);
  const inVal = new Uint8Array(n);
  let nVal = 0;
  // A class index without rows gives an empty group, which draws nothing from `rng`.
  for (const group of classRows(n, labels)) {
    rng.shuffle(group);
    const k = validationSize(group.length, valSplit);
    for (let i = 0; i < k; i++) inVal[group[i]] = 1;
    nVal += k;
  }
  const train = new Int32Array(n - nVal);
  const val = new Int32Array(nVal);
  for (let i = 0, t = 0, v = 0; i < n; i++) {
    if (inVal[i]) val[v++] = i;
    else train[t++] = i;
  }
  return { train, val };
}

/** Training rows, then validation rows from a separate file: kept rows whose table row is `from` or later. */
export function splitAt(rows: Int32Array, from: number): Split {
  const isVal = (i: number) => rows[i] >= from;
  const all = Array.from(rows, (_, i) => i);
  return { train: Int32Array.from(all.filter((i) => !isVal(i))), val: Int32Array.from(all.filter(isVal)) };
}
