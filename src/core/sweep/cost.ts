/**
 * The order a sweep's runs go to the worker pool: longest first. A pool whose last run is a long one,
 * on one worker while the others idle, ends later than one that ends with short runs (Graham's
 * longest-processing-time-first rule).
 */
import type { RunConfig } from '../config/types';
import { runLength } from '../schedulePreview';

/**
 * An optimizer step (the update, gradient norms and update ratio, each a pass over the parameters)
 * costs about as much as the forward and backward passes of 15–25 rows: measured on digits with
 * batches of 8 to the full 1,438 rows. Only the order of the costs matters, so a rough weight will do.
 */
const STEP_ROWS = 20;

/**
 * A run's predicted training cost, in row-passes times parameters: every epoch trains on the training
 * rows (a forward and a backward pass each) and scores all rows (a forward pass, about a third of that).
 * Early stopping can only make a run shorter than predicted.
 */
export function runCost(config: RunConfig, parameters: number, trainRows: number, allRows: number): number {
  const { epochs } = config.training;
  return parameters * (epochs * (trainRows + allRows / 3) + STEP_ROWS * runLength(config, trainRows).totalSteps);
}

/** `items` in the order to start them: the costliest first, equal costs in their given order. */
export function longestFirst<T>(items: readonly T[], cost: (item: T) => number): T[] {
  const costs = new Map(items.map((item) => [item, cost(item)]));
  return [...items].sort((a, b) => costs.get(b)! - costs.get(a)!);
}
