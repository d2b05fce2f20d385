/**
 * A recorded run made live again: its data read as it was trained on (the same file, checked by its hash),
 * its plan, and a model of its architecture ready to take its weights. What `losslab interpolate`, `rows`
 * and `resume` start from.
 */
import { LossLabError, quote, showPath } from '../core/errors';
import type { Mlp } from '../core/model/mlp';
import { type FlatWeights, type ModelWeights, flatWeights, loadWeights } from '../core/model/weights';
import type { Scorer } from '../core/probe/splitLoss';
import type { PreparedData } from '../core/run';
import type { RunMeta } from '../core/store/records';
import { type RunPlan, initialModel, planRun } from '../core/trainer/setup';
import { loadData } from '../io/data';
import { type TrainedRun, readTrainedRun } from '../io/trainedRun';

export interface LiveRun {
  run: TrainedRun;
  data: PreparedData;
  plan: RunPlan;
  model: Mlp;
}

/** Reads a run folder and its data. */
export async function loadLiveRun(dir: string): Promise<LiveRun> {
  const run = readTrainedRun(dir);
  const data = await loadRunData(run.meta);
  const plan = planRun(run.meta.config, data.dataset);
  return { run, data, plan, model: initialModel(plan) };
}

/** The data a run was trained on, read again: the file must be the same (by its hash). */
export async function loadRunData(meta: RunMeta): Promise<PreparedData> {
  const config = meta.config;
  const data = await loadData(config);
  if (data.dataHash !== meta.dataHash)
    throw new LossLabError(
      `${showPath(config.data.path)} has changed since run ${quote(meta.id)} was trained on it (its hash differs), so its rows are not the run's; train the run again on the file as it is`,
      { field: 'data.path', file: config.data.path },
    );
  return data;
}

/** `weights` as flat vectors in the live run's layout, checked against its architecture. */
export function flatOf(live: LiveRun, weights: ModelWeights, field: string): FlatWeights {
  loadWeights(live.model, weights, field);
  return flatWeights(live.model);
}

export function scorerOf(live: LiveRun): Scorer {
  return { model: live.model, loss: live.plan.loss, lossParams: live.plan.lossParams, data: live.data.dataset };
}
