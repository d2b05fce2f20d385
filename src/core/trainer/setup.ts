/** Builds the pieces of a run (model, loss, optimizer, schedule) from a resolved config and its dataset. */
import { DEFAULT_LOSS } from '../config/defaults';
import type { RunConfig } from '../config/types';
import type { Dataset } from '../dataset';
import { LossLabError, quote } from '../errors';
import { FORMULA_LOSS_ID, getLoss, lossForConfig, lossesForTask } from '../losses';
import type { LossSpec } from '../losses/types';
import { MAX_LAYER_WEIGHTS, MAX_MODEL_WEIGHTS, firstOversizedLayer, modelWeights } from '../model/limits';
import { Mlp } from '../model/mlp';
import { createOptimizer } from '../optimizers';
import { type Params, resolveParams } from '../params';
import { createSchedule } from '../schedules';
import type { ScheduleContext } from '../schedules/types';
import { StepEngine } from './step';

/** Number of classes (classification) or target columns (regression, distribution). */
export function outputClasses(data: Dataset): number {
  return data.classes ? data.classes.length : data.targetWidth;
}

/** Fills the loss from the task when none was chosen, and checks that the loss fits the data. */
export function finalizeLoss(config: RunConfig, data: Dataset): RunConfig {
  const task = data.task;
  const name = config.loss.name || DEFAULT_LOSS[task];
  const formula = name === FORMULA_LOSS_ID;
  const spec = formula ? lossForConfig(config.loss, task) : getLoss(name);
  if (!spec.tasks.includes(task)) {
    const fits = lossesForTask(task).map((l) => l.id);
    const which = formula ? `a formula loss fits ${spec.tasks.join(' and ')} tasks; ` : '';
    throw new LossLabError(`loss ${quote(name)} does not fit a ${task} task; ${which}losses that do: ${fits.join(', ')}`, { field: formula ? 'loss.formula' : 'loss.name' });
  }
  // Resolving checked the formula's names and parameters; loading it above checked its derivative.
  if (formula) return config;
  const { name: _ignored, ...given } = config.loss;
  const params = resolveParams(spec.params, config.loss.name ? given : {}, 'loss', name);
  const weight = params.weight;
  if (Array.isArray(weight) && weight.length !== outputClasses(data)) {
    const names = data.classes ? ` (${data.classes.join(', ')})` : '';
    throw new LossLabError(`loss.weight must have ${outputClasses(data)} numbers, one per class${names}, got ${weight.length}`, {
      field: 'loss.weight',
    });
  }
  return { ...config, loss: { name, ...params } };
}

export function lossParams(config: RunConfig): { spec: LossSpec; params: Params } {
  const { name, ...params } = config.loss;
  if (name === FORMULA_LOSS_ID) delete params[FORMULA_LOSS_ID];
  return { spec: lossForConfig(config.loss, config.data.task), params };
}

/**
 * Layer sizes: inputs, hidden layers, and as many outputs as the loss needs. The config checked the hidden
 * layers among themselves; the layers next to the inputs and outputs are checked here, where the data's
 * width is known (a wide CSV times a wide first layer would otherwise fail to allocate mid-run).
 */
export function modelSizes(config: RunConfig, data: Dataset, spec: LossSpec): number[] {
  const embedding = data.task === 'embedding';
  const out = embedding ? config.model.embeddingSize : spec.outputSize(data.task, outputClasses(data));
  const sizes = [data.d, ...config.model.hidden, out];
  const i = firstOversizedLayer(sizes);
  if (i > 0) {
    const last = sizes.length - 1;
    const what = (l: number) =>
      l === 0 ? `${sizes[l]} input features` : l < last ? `${sizes[l]} units of model.hidden[${l - 1}]` : `${sizes[l]} ${embedding ? 'embedding dimensions (model.embeddingSize)' : 'outputs'}`;
    const field = last > 1 ? 'model.hidden' : embedding ? 'model.embeddingSize' : 'data.features';
    const fewer = i === 1 ? 'fewer feature columns (data.features)' : embedding ? 'a smaller model.embeddingSize' : 'fewer outputs';
    throw new LossLabError(
      `${field}: ${what(i - 1)} × ${what(i)} make ${sizes[i - 1] * sizes[i]} weights in one layer, more than ${MAX_LAYER_WEIGHTS}; use smaller layers or ${fewer}`,
      { field },
    );
  }
  const total = modelWeights(sizes);
  if (total > MAX_MODEL_WEIGHTS)
    throw new LossLabError(`model.hidden: layers of ${sizes.join(' → ')} units make ${total} weights in all, more than ${MAX_MODEL_WEIGHTS}; use fewer or smaller layers`, { field: 'model.hidden' });
  return sizes;
}

export function buildEngine(config: RunConfig, data: Dataset, ctx: ScheduleContext): StepEngine {
  const { spec, params } = lossParams(config);
  const model = new Mlp(modelSizes(config, data, spec), config.model.activation);
  if (config.model.initial) model.setParams(config.model.initial);
  else model.init(config.model.init, config.training.seed);
  const { name: optName, ...optGiven } = config.optimizer;
  const { optimizer, params: optParams } = createOptimizer(optName, model.params.length, optGiven);
  const { name: schedName, ...schedGiven } = config.schedule;
  const schedule = createSchedule(schedName, optParams.lr as number, schedGiven, ctx, 'schedule');
  const { l1, l2, clipNorm, clipValue } = config.training;
  return new StepEngine(model, spec, params, optimizer, schedule, { l1, l2, clipNorm, clipValue });
}
