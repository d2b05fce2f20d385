import type { Task } from '../tasks';
import type { RunConfig } from './types';

/** The loss a run uses when none is given, by task. */
export const DEFAULT_LOSS: Record<Task, string> = {
  regression: 'mse',
  binary: 'bce',
  multiclass: 'cross_entropy',
  distribution: 'kl_div',
  embedding: 'contrastive',
  ranking: 'lambdarank',
  multitask: 'multitask',
  generate: 'vae',
};

/**
 * Defaults for everything but the data file. The loss is filled from the task once the data is read
 * (`name: ''` until then). Adam at 0.01 rather than PyTorch's 1e-3: the datasets people bring here are
 * small tabular ones trained for tens of epochs, where 1e-3 leaves a linear model far from converged.
 */
export function defaultConfig(path: string): RunConfig {
  return {
    name: 'run',
    data: { path, missing: 'drop', valSplit: 0.2, standardizeTarget: true },
    // Batch norm's eps and momentum are PyTorch's (nn.BatchNorm1d).
    model: {
      hidden: [],
      activation: 'relu',
      init: 'torch_default',
      embeddingSize: 8,
      batchNorm: false,
      bnEps: 1e-5,
      bnMomentum: 0.1,
      dropout: 0,
    },
    loss: { name: '' },
    optimizer: { name: 'adam', lr: 0.01 },
    schedule: { name: 'constant' },
    training: {
      epochs: 50,
      batchSize: 32,
      shuffle: true,
      seed: 0,
      clipNorm: null,
      clipValue: null,
      accumulate: 1,
      l1: 0,
      l2: 0,
      earlyStopping: null,
    },
  };
}
