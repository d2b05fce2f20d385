/** Builds the pieces of a run (model, loss, optimizer, schedule) from a resolved config and its dataset. */
import { DEFAULT_LOSS } from '../config/defaults';
import type { RunConfig } from '../config/types';
import type { Dataset } from '../dataset';
import { LossLabError, quote } from '../errors';
import { FORMULA_LOSS_ID, getLoss, lossForConfig, lossesForTask } from '../losses';
import { crf, crfLoss } from '../losses/crf';
import type { LossSpec } from '../losses/types';
import { dropoutSeed } from '../model/dropout';
import { MAX_LAYER_WEIGHTS, MAX_MODEL_WEIGHTS, firstOversizedLayer, modelWeights } from '../model/limits';
import { Mlp } from '../model/mlp';
import { createClosureOptimizer, createOptimizer, getOptimizer } from '../optimizers';
import { type Params, resolveParams } from '../params';
import { createSchedule } from '../schedules';
import type { ScheduleContext } from '../schedules/types';
import { type RunLength, runLength } from '../schedulePreview';
import { closureConflict } from './closureStep';
import { StepEngine } from './step';
import { multitaskLoss } from './multitaskObjective';
import { batchingOf } from '../tasks';
import { groupsOf } from '../ranking/groups';
import { labeledRows } from '../dataset/labelFraction';
import type { Optimizer } from '../optimizers/types';
import { type PretrainPlan, planPretrain } from './pretrain';
import { type GenerativePlan, planGenerative } from './generativePlan';
import { threadsConflict } from './threads';

/** Number of classes (classification) or target columns (regression, distribution). */
export function outputClasses(data: Dataset): number {
  return data.classes ? data.classes.length : data.targetWidth;
}

/** The loss of a run: its spec and parameters, and the config with the loss named and its parameters filled in. */
interface ResolvedLoss {
  config: RunConfig;
  spec: LossSpec;
  params: Params;
}

/** Fills the loss from the task when none was chosen, and checks that the loss fits the data. */
function resolveLoss(config: RunConfig, data: Dataset): ResolvedLoss {
  const task = data.task;
  const name = config.loss.name || DEFAULT_LOSS[task];
  const formula = name === FORMULA_LOSS_ID;
  const spec = formula ? lossForConfig(config.loss, task) : getLoss(name);
  if (!spec.tasks.includes(task)) {
    const fits = lossesForTask(task).map((l) => l.id);
    const which = formula ? `a formula loss fits ${spec.tasks.join(' and ')} tasks; ` : '';
    throw new LossLabError(
      `loss ${quote(name)} does not fit a ${task} task; ${which}losses that do: ${fits.join(', ')}`,
      { field: formula ? 'loss.formula' : 'loss.name' },
    );
  }
  // Resolving checked the formula's names and parameters; loading it above checked its derivative.
  if (formula) {
    const { name: _name, [FORMULA_LOSS_ID]: _text, ...params } = config.loss;
    return { config, spec, params: params as Params };
  }
  const { name: _ignored, ...given } = config.loss;
  const params = resolveParams(spec.params, config.loss.name ? given : {}, 'loss', name);
  // The multitask loss is made of the heads' losses, which only the dataset's targets say.
  if (task === 'multitask')
    return { config: { ...config, loss: { name, ...params } }, spec: multitaskLoss(data.heads!, params), params };
  if (spec === crf)
    return { config: { ...config, loss: { name } }, spec: crfLoss(outputClasses(data), config.training.seed), params };
  const weight = params.weight;
  if (Array.isArray(weight) && weight.length !== outputClasses(data)) {
    const names = data.classes ? ` (${data.classes.join(', ')})` : '';
    throw new LossLabError(
      `loss.weight must have ${outputClasses(data)} numbers, one per class${names}, got ${weight.length}`,
      {
        field: 'loss.weight',
      },
    );
  }
  return { config: { ...config, loss: { name, ...params } }, spec, params };
}

/**
 * Layer sizes: inputs, hidden layers, and as many outputs as the loss needs. The config checked the hidden
 * layers among themselves; the layers next to the inputs and outputs are checked here, where the data's
 * width is known (a wide CSV times a wide first layer would otherwise fail to allocate mid-run).
 */
function modelSizes(config: RunConfig, data: Dataset, spec: LossSpec): number[] {
  const embedding = data.task === 'embedding';
  const out = embedding ? config.model.embeddingSize : spec.outputSize(data.task, outputClasses(data));
  const sizes = [data.d, ...config.model.hidden, out];
  const i = firstOversizedLayer(sizes);
  if (i > 0) {
    const last = sizes.length - 1;
    const what = (l: number) =>
      l === 0
        ? `${sizes[l]} input features`
        : l < last
          ? `${sizes[l]} units of model.hidden[${l - 1}]`
          : `${sizes[l]} ${embedding ? 'embedding dimensions (model.embeddingSize)' : 'outputs'}`;
    const field = last > 1 ? 'model.hidden' : embedding ? 'model.embeddingSize' : 'data.features';
    const fewer =
      i === 1 ? 'fewer feature columns (data.features)' : embedding ? 'a smaller model.embeddingSize' : 'fewer outputs';
    throw new LossLabError(
      `${field}: ${what(i - 1)} × ${what(i)} make ${sizes[i - 1] * sizes[i]} weights in one layer, more than ${MAX_LAYER_WEIGHTS}; use smaller layers or ${fewer}`,
      { field },
    );
  }
  const total = modelWeights(sizes);
  if (total > MAX_MODEL_WEIGHTS)
    throw new LossLabError(
      `model.hidden: layers of ${sizes.join(' → ')} units make ${total} weights in all, more than ${MAX_MODEL_WEIGHTS}; use fewer or smaller layers`,
      { field: 'model.hidden' },
    );
  return sizes;
}

/**
 * A run's config resolved once against its dataset: the loss named, checked against the data and with its
 * parameters filled in, the model's layer sizes and the run's length. The trainer, the exporter, the LR
 * range test, the sweep's cost model and the trajectories read it instead of interpreting the config again.
 */
export interface RunPlan {
  /** The config as recorded: the loss named and its parameters filled in. */
  readonly config: RunConfig;
  readonly data: Dataset;
  readonly loss: LossSpec;
  readonly lossParams: Params;
  /** Inputs, hidden layers, outputs. */
  readonly sizes: readonly number[];
  readonly length: RunLength;
  /** The pretraining phase, for a run that pretrains (its rows are all training rows, labeled or not). */
  readonly pretrain: PretrainPlan | null;
  /** A generate run's family and networks (`sizes` are then its sampler's: latent, hidden, row width). */
  readonly generative?: GenerativePlan;
}

/** What a run's batches count: training rows, or for ranking its training groups. */
export function trainUnits(data: Dataset): number {
  return batchingOf(data.task) === 'groups' ? groupsOf(data.group!, data.train).length : data.train.length;
}

export function planRun(config: RunConfig, all: Dataset): RunPlan {
  const conflict = closureConflict(config);
  if (conflict) throw conflict;
  const pretrain = planPretrain(config, all.train);
  const data = withLabelFraction(config, all);
  const loss = resolveLoss(config, data);
  if (data.task === 'generate') {
    const generative = planGenerative(loss.config, data);
    const sizes = generative.networks[generative.networks.length - 1].sizes;
    const length = runLength(loss.config, data.train.length);
    return { config: loss.config, data, loss: loss.spec, lossParams: loss.params, sizes, length, pretrain, generative };
  }
  const sizes = modelSizes(loss.config, data, loss.spec);
  const threads = threadsConflict(loss.config, loss.spec);
  if (threads) throw threads;
  if (loss.spec.balance && sizes.length < 3)
    throw new LossLabError(
      'gradnorm balances the tasks at the last shared layer: the model needs a hidden layer (model.hidden, --hidden)',
      {
        field: 'model.hidden',
      },
    );
  const length = runLength(loss.config, trainUnits(data));
  // A ranking batch is whole groups, whose rows the row checks of batch norm cannot count ahead.
  checkHiddenLayers(loss.config, loss.spec, batchingOf(data.task) === 'rows' ? data.train.length : null, length);
  return { config: loss.config, data, loss: loss.spec, lossParams: loss.params, sizes, length, pretrain };
}

/** The dataset with only its labeled training rows in `train` (`data.labelFraction`; all when absent). */
function withLabelFraction(config: RunConfig, data: Dataset): Dataset {
  const fraction = config.data.labelFraction;
  if (fraction === undefined || fraction >= 1) return data;
  const seed = (config.training.seed ^ 0x1abe1ed) >>> 0;
  const train =
    batchingOf(data.task) === 'groups'
      ? labeledRows(data.train, fraction, seed, data.group, true)
      : labeledRows(data.train, fraction, seed, data.classes && !data.heads ? data.y : null);
  return { ...data, train };
}

/**
 * Batch norm and dropout act on hidden layers, so the model needs some; batch norm also needs two rows in
 * every training batch (one row has no variance; PyTorch refuses it too), and rows that are not pairs or
 * triplets stacked together.
 */
function checkHiddenLayers(config: RunConfig, spec: LossSpec, trainRows: number | null, length: RunLength): void {
  const { model } = config;
  const which = model.batchNorm ? 'model.batchNorm' : model.dropout > 0 ? 'model.dropout' : null;
  if (which && model.hidden.length === 0)
    throw new LossLabError(
      `${which} acts on hidden layers, and the model has none: add some (model.hidden, --hidden)`,
      {
        field: which,
      },
    );
  if (!model.batchNorm) return;
  const field = { field: 'training.batchSize' };
  if (spec.arity > 1)
    throw new LossLabError(
      `model.batchNorm does not go with the ${spec.id} loss, which trains on pairs or triplets of rows; turn one of them off`,
      { field: 'model.batchNorm' },
    );
  if (trainRows === null) return;
  if (trainRows < 2)
    throw new LossLabError(`model.batchNorm needs at least 2 training rows, and there are ${trainRows}`, field);
  if (length.batch < 2)
    throw new LossLabError(
      'model.batchNorm (--batch-norm) needs at least 2 rows per batch: use a larger training.batchSize (--batch-size)',
      field,
    );
  const lastRows = trainRows - (length.batchesPerEpoch - 1) * length.batch;
  if (lastRows < 2) {
    let other = length.batch + 1;
    while (other < trainRows && trainRows % other === 1) other++;
    throw new LossLabError(
      `model.batchNorm (--batch-norm) needs at least 2 rows per batch, and ${trainRows} training rows in batches of ${length.batch} leave 1 row in each epoch's last batch: use another training.batchSize (--batch-size), e.g. ${other < trainRows ? other : 'full'}`,
      field,
    );
  }
}

/** The planned model with its initial weights (the config's own, or drawn with its initializer and seed). */
export function initialModel(plan: Pick<RunPlan, 'config' | 'sizes' | 'loss'>): Mlp {
  const { model } = plan.config;
  const mlp = new Mlp([...plan.sizes], model.activation, {
    // A record written before batch norm and dropout existed has neither setting.
    batchNorm: model.batchNorm ? { eps: model.bnEps, momentum: model.bnMomentum } : null,
    dropout: model.dropout ?? 0,
    dropoutSeed: dropoutSeed(plan.config.training.seed),
    taskParams: plan.loss.taskParamCount ?? 0,
  });
  if (model.initial) mlp.setParams(model.initial);
  else mlp.init(model.init, plan.config.training.seed);
  mlp.taskParams.set(plan.loss.initialTaskParams?.() ?? []);
  return mlp;
}

/** The model, loss, optimizer and schedule of a plan, ready to step; `ctx` sets the schedule's length (default: the run's). */
export function buildEngine(plan: RunPlan, ctx: ScheduleContext = plan.length): StepEngine {
  const { config } = plan;
  const model = initialModel(plan);
  const { name: optName, ...optGiven } = config.optimizer;
  // A linear probe trains the last layer alone: the optimizer sees only its parameters (and the task's).
  const frozen = config.pretrain?.probe ? model.layers[model.layers.length - 1].weightOffset : 0;
  const size = model.params.length - frozen;
  const { optimizer, params: optParams } = getOptimizer(optName, 'optimizer.name').closure
    ? createClosureOptimizer(optName, size, optGiven)
    : createOptimizer(optName, size, optGiven);
  const { name: schedName, ...schedGiven } = config.schedule;
  const schedule = createSchedule(schedName, optParams.lr as number, schedGiven, ctx, 'schedule');
  const { l1, l2, clipNorm, clipValue } = config.training;
  const reg = { l1, l2, clipNorm, clipValue };
  if (frozen === 0) return new StepEngine(model, plan.loss, plan.lossParams, optimizer, schedule, reg);
  const probe = optimizer as Optimizer;
  const head: Optimizer = {
    state: probe.state,
    step: (p, g, lr) => probe.step(p.subarray(frozen), g.subarray(frozen), lr),
  };
  return new StepEngine(model, plan.loss, plan.lossParams, head, schedule, reg, frozen);
}
