/**
 * A run's state at the end of an epoch, enough to continue it as if it had not stopped: the model's
 * parameters and running statistics, the optimizer's state, the step count (the schedule's t), and where
 * the batch order and the dropout masks were in their generators. The trainer takes one before the first
 * step and after every epoch whose steps were all finite, so the last one is the last good point of a
 * run that diverged.
 *
 * What it does not hold, and a resumed run therefore starts afresh: early stopping's best epoch and
 * patience, ReduceLROnPlateau's memory of the metric, and a dynamic-weight-average loss's past losses.
 */
import { LossLabError } from '../errors';
import type { Mlp } from '../model/mlp';
import { type FlatWeights, flatWeights, setFlatWeights } from '../model/weights';
import { type OptimizerState, type StateJson, loadState, saveState, stateToJson } from '../optimizers/state';
import type { ClosureOptimizer, Optimizer } from '../optimizers/types';
import type { Rng } from '../rng';

export interface Checkpoint {
  /** Epochs completed (0: before the first step). */
  epoch: number;
  /** Optimizer steps taken. */
  step: number;
  weights: FlatWeights;
  optimizer: OptimizerState;
  /** The generator that shuffles the batch order, and the order it shuffles in place. */
  rng: number[];
  order: Int32Array;
  dropoutRng: number[];
}

/** The parts of a training a checkpoint reads and writes. */
export interface Resumable {
  model: Mlp;
  optimizer: Optimizer | ClosureOptimizer;
  rng: Rng;
  order: Int32Array;
}

export function takeCheckpoint(r: Resumable, epoch: number, step: number): Checkpoint {
  return {
    epoch,
    step,
    weights: flatWeights(r.model),
    optimizer: saveState(r.optimizer),
    rng: r.rng.save(),
    order: r.order.slice(),
    dropoutRng: r.model.dropoutRng.save(),
  };
}

/** Puts a checkpoint back; the step count is the caller's to set. */
export function restoreCheckpoint(r: Resumable, c: Checkpoint | CheckpointJson): void {
  if (c.weights.params.length !== r.model.params.length || c.order.length !== r.order.length)
    throw new LossLabError(
      `the checkpoint holds ${c.weights.params.length} parameters and ${c.order.length} training rows, the run ${r.model.params.length} and ${r.order.length}: it is another run's, or its data changed`,
      { field: 'checkpoint' },
    );
  setFlatWeights(r.model, { params: Float64Array.from(c.weights.params), state: Float64Array.from(c.weights.state) });
  loadState(r.optimizer, c.optimizer);
  r.rng.restore(c.rng);
  r.order.set(c.order);
  r.model.dropoutRng.restore(c.dropoutRng);
}

/** A checkpoint as checkpoint.json holds it: the same fields, buffers as arrays of numbers. */
export interface CheckpointJson {
  epoch: number;
  step: number;
  weights: { params: number[]; state: number[] };
  optimizer: StateJson;
  rng: number[];
  order: number[];
  dropoutRng: number[];
}

export function checkpointToJson(c: Checkpoint): CheckpointJson {
  return {
    ...c,
    weights: { params: Array.from(c.weights.params), state: Array.from(c.weights.state) },
    optimizer: stateToJson(c.optimizer),
    order: Array.from(c.order),
  };
}
