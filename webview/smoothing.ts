/**
 * The dashboard's smoothing: TensorBoard's debiased exponential moving average (src/core/smoothing.ts),
 * its default weight, and the range the slider offers.
 */
export { DEFAULT_SMOOTHING, smooth } from '../src/views/smoothing';

/** Largest weight the dashboard offers; 1 would freeze the average at its first value. */
export const MAX_SMOOTHING = 0.999;

/** A smoothing weight from anywhere (a slider, saved state, the host's setting), clamped to the offered range. */
export function clampSmoothing(weight: unknown): number {
  return typeof weight === 'number' && Number.isFinite(weight) ? Math.min(Math.max(weight, 0), MAX_SMOOTHING) : 0;
}
