/**
 * The exponential moving average started at zero and debiased the way Adam debiases its moments, so the
 * first values are not pulled toward zero:
 *
 *   last_i = w·last_{i-1} + (1 − w)·v_i,   smoothed_i = last_i / (1 − w^(i+1))
 *
 * TensorBoard smooths its scalar charts with it (resmoothDataset in
 * tensorboard/components/vz_line_chart2/line-chart.ts), as Weights & Biases does, and the learning-rate
 * range test (fastai, Lightning) smooths its losses with it.
 */

/** The dashboard's smoothing weight until the user picks another (TensorBoard's default too). */
export const DEFAULT_SMOOTHING = 0.6;

/** The average of the values added so far, debiased; `weight` w in [0, 1). */
export class DebiasedAverage {
  private last = 0;
  private count = 0;

  constructor(private readonly weight: number) {}

  /** Adds `v`; the smoothed value up to it. */
  add(v: number): number {
    this.last = this.last * this.weight + (1 - this.weight) * v;
    this.count++;
    return this.last / (1 - this.weight ** this.count);
  }
}

/**
 * A series smoothed as TensorBoard draws it. i counts finite values only: a non-finite value is drawn as it
 * is and does not move the average. A constant series is returned unchanged (the division would otherwise
 * add rounding wiggles).
 */
export function smooth(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
  const constant = values.every((v) => v === values[0]);
  const average = new DebiasedAverage(weight);
  return values.map((v) => (constant || !Number.isFinite(v) ? v : average.add(v)));
}
