/**
 * TensorBoard's scalar smoothing (resmoothDataset in tensorboard/components/vz_line_chart2/line-chart.ts),
 * which Weights & Biases also uses: an exponential moving average started at zero and debiased the way
 * Adam debiases its moments, so the first points are not pulled toward zero:
 *
 *   last_i = w·last_{i-1} + (1 − w)·v_i,   smoothed_i = last_i / (1 − w^(i+1))
 *
 * where i counts finite values only. A non-finite value is drawn as it is and does not move the average;
 * a constant series is returned unchanged (the division would otherwise add rounding wiggles).
 */

/** Largest weight the dashboard offers; 1 would freeze the average at its first value. */
export const MAX_SMOOTHING = 0.999;

export function smooth(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
  const constant = values.every((v) => v === values[0]);
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (constant || !Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    count++;
    return last / (1 - weight ** count);
  });
}

/** A smoothing weight from anywhere (a slider, saved state, the host's setting), clamped to the offered range. */
export function clampSmoothing(weight: unknown): number {
  return typeof weight === 'number' && Number.isFinite(weight) ? Math.min(Math.max(weight, 0), MAX_SMOOTHING) : 0;
}
