import { LossLabError } from '../errors';

/** Reads a class-index target, naming the row when it does not fit the model's outputs. */
export function classIndex(target: Float64Array, i: number, k: number): number {
  const c = target[i];
  if (!Number.isInteger(c) || c < 0 || c >= k)
    throw new LossLabError(
      `target of row ${i + 1} is ${c}, not a class index in 0..${k - 1}; check the number of classes`,
      { field: 'loss' },
    );
  return c;
}
