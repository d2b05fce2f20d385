/**
 * Examples for embedding losses, drawn (seeded) from a labelled table: same label = similar.
 * Contrastive takes pairs (half similar, half dissimilar when the classes allow), triplet takes
 * (anchor, positive, negative).
 */
import type { Rng } from '../rng';

export class PairSampler {
  private byClass = new Map<number, number[]>();
  private labels: number[] = [];

  /** `rows` are dataset row indices, `label(row)` their class. */
  constructor(rows: ArrayLike<number>, label: (row: number) => number) {
    for (let i = 0; i < rows.length; i++) {
      const c = label(rows[i]);
      let list = this.byClass.get(c);
      if (!list) this.byClass.set(c, (list = []));
      list.push(rows[i]);
    }
    this.labels = [...this.byClass.keys()];
  }

  private same(row: number, c: number, rng: Rng): number {
    const list = this.byClass.get(c) as number[];
    if (list.length === 1) return row;
    let j = row;
    while (j === row) j = list[rng.int(list.length)];
    return j;
  }

  private other(c: number, rng: Rng): number {
    let d = c;
    while (d === c) d = this.labels[rng.int(this.labels.length)];
    const list = this.byClass.get(d) as number[];
    return list[rng.int(list.length)];
  }

  /**
   * For each anchor: members of the example (arity 2 or 3) and its target (contrastive: 1 similar / 0 not;
   * triplet: 0). Writes members[m][i] and target[i].
   */
  sample(
    anchors: ArrayLike<number>,
    label: (row: number) => number,
    arity: 2 | 3,
    rng: Rng,
    members: Int32Array[],
    target: Float64Array,
  ): void {
    const canDiffer = this.labels.length > 1;
    for (let i = 0; i < anchors.length; i++) {
      const a = anchors[i];
      const c = label(a);
      members[0][i] = a;
      if (arity === 3) {
        members[1][i] = this.same(a, c, rng);
        members[2][i] = canDiffer ? this.other(c, rng) : a;
        target[i] = 0;
      } else {
        const similar = !canDiffer || rng.uniform() < 0.5;
        members[1][i] = similar ? this.same(a, c, rng) : this.other(c, rng);
        target[i] = similar ? 1 : 0;
      }
    }
  }
}

/** Accuracy of "similar iff distance ≤ threshold" at the best threshold, over pairs with 0/1 labels. */
export function bestThresholdAccuracy(distance: ArrayLike<number>, similar: ArrayLike<number>, n: number): number {
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => distance[a] - distance[b]);
  let dissimilar = 0;
  for (let i = 0; i < n; i++) if (similar[i] !== 1) dissimilar++;
  // Threshold below every distance: all predicted dissimilar.
  let correct = dissimilar;
  let best = correct;
  for (let t = 0; t < n; t++) {
    correct += similar[order[t]] === 1 ? 1 : -1;
    if (t + 1 < n && distance[order[t + 1]] === distance[order[t]]) continue;
    best = Math.max(best, correct);
  }
  return n ? best / n : NaN;
}
