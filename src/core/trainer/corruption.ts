/**
 * SCARF's views (Bahri et al. 2022): a row with each feature, independently with probability p, replaced
 * by the same feature of another row drawn at random, so that a replaced value comes from the feature's
 * own distribution (its empirical marginal over the pretraining rows).
 */
import type { Rng } from '../rng';

/** The rows views are made of: a dataset's standardized features (`n × d`) and the rows to draw from. */
export interface ViewSource {
  x: Float64Array;
  d: number;
  /** Dataset rows that pretraining uses (all training rows); positions into it index the pool. */
  pool: Int32Array;
}

/**
 * Writes one corrupted view of each of `count` pool positions `positions[from…]` into `out` (row-major,
 * `count × d`, starting at row `at`). A replaced feature comes from a pool row other than the row itself
 * (with a pool of one row, nothing can be replaced).
 */
export function corruptInto(
  src: ViewSource,
  positions: Int32Array,
  from: number,
  count: number,
  p: number,
  rng: Rng,
  out: Float64Array,
  at: number,
): void {
  const { x, d, pool } = src;
  const others = pool.length - 1;
  for (let i = 0; i < count; i++) {
    const self = positions[from + i];
    const row = pool[self] * d;
    const o = (at + i) * d;
    for (let c = 0; c < d; c++) {
      if (others > 0 && rng.uniform() < p) {
        // Uniform over the other positions: draw among n − 1 and step over the row itself.
        const k = rng.int(others);
        out[o + c] = x[pool[k < self ? k : k + 1] * d + c];
      } else out[o + c] = x[row + c];
    }
  }
}
