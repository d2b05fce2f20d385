/** How big a model may be: checked when a config is read and again once the data's width is known. */

/** Most weights in one layer (4096 × 4096): beyond it one step takes minutes and the weights gigabytes. */
export const MAX_LAYER_WEIGHTS = 4096 * 4096;

/** The index `i` of the first layer whose weights (`sizes[i - 1] × sizes[i]`) exceed MAX_LAYER_WEIGHTS, or -1. */
export function firstOversizedLayer(sizes: readonly number[]): number {
  for (let i = 1; i < sizes.length; i++) if (sizes[i - 1] * sizes[i] > MAX_LAYER_WEIGHTS) return i;
  return -1;
}

/** Most weights in all, four such layers: the weights, their gradients and the optimizer's state would take gigabytes. */
export const MAX_MODEL_WEIGHTS = 4 * MAX_LAYER_WEIGHTS;

/** The weights of a model with these layer sizes (biases aside). */
/** Weights and biases of a model of these layer sizes: the length of its flat parameter buffer. */
export function parameterCount(sizes: readonly number[]): number {
  let n = 0;
  for (let i = 1; i < sizes.length; i++) n += sizes[i - 1] * sizes[i] + sizes[i];
  return n;
}

export function modelWeights(sizes: readonly number[]): number {
  let n = 0;
  for (let i = 1; i < sizes.length; i++) n += sizes[i - 1] * sizes[i];
  return n;
}
