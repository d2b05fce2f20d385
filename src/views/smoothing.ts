/** The charts' smoothing, for the dashboard: TensorBoard's debiased moving average and its default weight. */
export { DEFAULT_SMOOTHING, smooth } from '../core/smoothing';
