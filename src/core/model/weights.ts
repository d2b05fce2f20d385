/**
 * A trained model's weights as a run records them (final.json, best.json): every layer in PyTorch layout,
 * exactly what `model.initial` takes (weight [out][in], bias [out], and a hidden layer's batch norm with its
 * running statistics), then the task's own parameters (a multi-task run's learned log-variances; empty for
 * other tasks), which `model.initial` has no place for since they always start at 0.
 */
import { LossLabError } from '../errors';
import type { LayerParams, Mlp } from './mlp';

export interface ModelWeights {
  layers: LayerParams[];
  task: number[];
}

export function weightsOf(model: Mlp): ModelWeights {
  return { layers: model.getParams(), task: Array.from(model.taskParams) };
}

/** Sets `model`'s parameters and running statistics from recorded weights, checked against its architecture. */
export function loadWeights(model: Mlp, weights: ModelWeights, field = 'weights'): void {
  const task = weights.task ?? [];
  if (!Array.isArray(weights.layers) || task.length !== model.taskParams.length)
    throw new LossLabError(
      `${field} must hold ${model.layers.length} layers and ${model.taskParams.length} task parameters, as the model has`,
      { field },
    );
  model.setParams(weights.layers);
  model.taskParams.set(task);
}

/** A model's parameters and running statistics as flat vectors, in its own layout (see mlp.ts). */
export interface FlatWeights {
  params: Float64Array;
  state: Float64Array;
}

export function flatWeights(model: Mlp): FlatWeights {
  return { params: model.params.slice(), state: model.state.slice() };
}

export function setFlatWeights(model: Mlp, w: FlatWeights): void {
  model.params.set(w.params);
  model.state.set(w.state);
}
