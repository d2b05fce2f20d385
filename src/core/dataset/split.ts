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

/** `labels`: class index per row for a stratified split, or null. */
export function splitRows(n: number, labels: Float64Array | null, valSplit: number, seed: number): Split {
  // No validation rows: the shuffles below would choose none.
  if (valSplit === 0) {
    const train = new Int32Array(n);
    for (let i = 0; i < n; i++) train[i] = i;
    return { train, val: new Int32Array(0) };
  }
  const groups: number[][] = [];
  for (let i = 0; i < n; i++) {
    const g = labels ? labels[i] : 0;
    (groups[g] ??= []).push(i);
  }
  const rng = new Rng(seed);
  const inVal = new Uint8Array(n);
  let nVal = 0;
  for (const group of groups) {
    if (!group) continue;
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
