/**
 * The training rows that keep their labels when only a fraction of them may (`data.labelFraction`): a
 * seeded draw, stratified like the validation split so that every class keeps its share: a class of c
 * training rows keeps round(c · fraction) of them, at least one. Ranking keeps whole groups, at least one.
 * The other rows still serve pretraining, which needs no labels.
 */
import { Rng } from '../rng';

/** How many of `count` units keep their labels. */
export function labeledCount(count: number, fraction: number): number {
  if (count === 0) return 0;
  return Math.min(count, Math.max(1, Math.round(count * fraction)));
}

/**
 * The labeled subset of `train` (ascending). `strata`: a class index per row for a stratified draw, or a
 * group index per row to draw whole groups (`byGroup`), or null for a plain draw.
 */
export function labeledRows(
  train: Int32Array,
  fraction: number,
  seed: number,
  strata: Float64Array | null,
  byGroup = false,
): Int32Array {
  if (fraction >= 1) return train;
  const units = new Map<number, number[]>();
  for (const row of train) {
    const key = strata ? strata[row] : 0;
    const unit = units.get(key) ?? [];
    if (!units.has(key)) units.set(key, unit);
    unit.push(row);
  }
  const keep = new Uint8Array(train.length === 0 ? 0 : Math.max(...train) + 1);
  const rng = new Rng(seed);
  if (byGroup) {
    const groups = [...units.values()];
    const order = rng.shuffle(groups.map((_, g) => g));
    for (const g of order.slice(0, labeledCount(groups.length, fraction))) for (const r of groups[g]) keep[r] = 1;
  } else
    for (const key of [...units.keys()].sort((a, b) => a - b)) {
      const rows = units.get(key)!;
      rng.shuffle(rows);
      for (const r of rows.slice(0, labeledCount(rows.length, fraction))) keep[r] = 1;
    }
  return train.filter((r) => keep[r] === 1);
}
