/**
 * Turns user-written config (an experiment file's JSON, CLI flags) into a fully resolved `RunConfig`:
 * defaults filled, every value checked, messages naming the field path and what is allowed.
 */
import { LossLabError, showValue } from '../errors';
import { isFormulaLoss, resolveFormulaLoss } from '../formula/config';
import { getLoss } from '../losses';
import { getOptimizer } from '../optimizers';
import { getSchedule } from '../schedules';
import { ACTIVATION_IDS } from '../model/activations';
import { INIT_IDS } from '../model/init';
import { MAX_LAYER_WEIGHTS, MAX_MODEL_WEIGHTS, firstOversizedLayer, modelWeights } from '../model/limits';
import type { BatchNormParams, LayerParams } from '../model/mlp';
import { type ParamSpec, resolveParams } from '../params';
import { TASKS } from '../tasks';
import { HEAD_TASKS } from '../dataset/heads';
import { COLUMN_KINDS } from '../csv/options';
import { ENCODINGS, encodingOf } from '../csv/encoding';
import { DEFAULT_LOSS, defaultConfig } from './defaults';
import {
  type Json,
  type NumberRule,
  boolean,
  fail,
  number,
  object,
  oneOf,
  onlyKeys,
  string,
  stringList,
} from './fields';
import type { ComponentConfig, EarlyStoppingConfig, RowEpochs, RunConfig } from './types';
import { MONITORS } from '../metricNames';
import { labelFraction, resolvePretrain } from './pretrain';
import { seedList } from '../seeds/repeat';

type Registry = (id: string) => { params: readonly ParamSpec[] };

/**
 * A component given as `"adam"` or `{"name": "adam", "lr": 0.01}` over `base`: the same name keeps base's
 * settings; another name starts from its own defaults, except that the learning rate carries over.
 */
/** The `data` keys that say how to read the file. */
const READ_KEYS = ['decimal', 'thousands', 'encoding', 'na', 'comment', 'skipRows', 'strictRows', 'kinds'] as const;

function oneChar(v: unknown, path: string, allowEmpty = false): string {
  const s = string(v, path);
  if (s.length > 1 || (s.length === 0 && !allowEmpty)) fail(path, `must be a single character, got ${showValue(v)}`);
  return s;
}

/** The `data` keys that say how to read the file, checked (the reader checks their combination). */
function readSettings(d: Json, out: RunConfig['data']): void {
  if (d.decimal !== undefined) out.decimal = oneOf(d.decimal, ['.', ','] as const, 'data.decimal');
  if (d.thousands !== undefined) out.thousands = oneChar(d.thousands, 'data.thousands', true);
  if (d.encoding !== undefined) {
    out.encoding = string(d.encoding, 'data.encoding');
    if (encodingOf(out.encoding) === null)
      fail('data.encoding', `must be one of ${ENCODINGS.join(', ')}, got ${showValue(d.encoding)}`);
  }
  if (d.na !== undefined) out.na = stringList(d.na, 'data.na');
  if (d.comment !== undefined) out.comment = oneChar(d.comment, 'data.comment');
  if (d.skipRows !== undefined) out.skipRows = number(d.skipRows, 'data.skipRows', { min: 0, integer: true });
  if (d.strictRows !== undefined) out.strictRows = boolean(d.strictRows, 'data.strictRows');
  if (d.kinds !== undefined) {
    const kinds = object(d.kinds, 'data.kinds');
    out.kinds = Object.fromEntries(
      Object.entries(kinds).map(([name, kind]) => [name, oneOf(kind, COLUMN_KINDS, `data.kinds.${name}`)]),
    );
  }
}

function component(v: unknown, path: string, lookup: Registry, base: ComponentConfig): ComponentConfig {
  const o = typeof v === 'string' ? { name: v } : object(v, path);
  const name = o.name === undefined ? base.name : string(o.name, `${path}.name`);
  if (name === '') fail(`${path}.name`, 'is required');
  let spec: { params: readonly ParamSpec[] };
  try {
    spec = lookup(name);
  } catch (e) {
    if (e instanceof LossLabError) throw new LossLabError(e.message, { field: `${path}.name` });
    throw e;
  }
  const inherited: Json = name === base.name ? withoutName(base) : base.lr !== undefined ? { lr: base.lr } : {};
  const given: Json = { ...inherited, ...withoutName(o) };
  return { name, ...resolveParams(spec.params, given, path, name) };
}

function withoutName(o: Json): Json {
  const rest = { ...o };
  delete rest.name;
  return rest;
}

/**
 * `"mse,bce"` (or `{"name": "mse,bce", ...}`) is short for the multitask loss with those heads' losses; a
 * multitask run's loss settings without a name (`{"weighting": "dwa"}`) are the multitask loss's, its one loss,
 * and a generate run's (`{"beta": 0.5}`) its default loss's (the VAE's).
 */
function headLosses(loss: unknown, config: RunConfig): unknown {
  const unnamed = typeof loss === 'object' && loss !== null && !('name' in loss);
  const task = config.data.task;
  if (unnamed && (task === 'multitask' || task === 'generate') && !config.loss.name)
    return { ...loss, name: DEFAULT_LOSS[task] };
  const name = typeof loss === 'string' ? loss : (loss as Json | null)?.name;
  if (typeof name !== 'string' || !name.includes(',')) return loss;
  return { ...(typeof loss === 'string' ? {} : (loss as Json)), name: 'multitask', losses: name };
}

/** Hidden layer sizes; the layers next to the inputs and outputs are checked once the data is read (trainer/setup.ts). */
function hidden(v: unknown, path: string): number[] {
  if (!Array.isArray(v))
    fail(path, `must be a list of layer sizes like [64, 32] ([] for a linear model), got ${showValue(v)}`);
  const sizes = v.map((x, i) => number(x, `${path}[${i}]`, { integer: true, min: 1, max: 100000 }));
  const i = firstOversizedLayer(sizes);
  if (i > 0)
    fail(
      `${path}[${i}]`,
      `makes ${sizes[i - 1]} × ${sizes[i]} weights after the layer before it, more than ${MAX_LAYER_WEIGHTS}; use smaller layers`,
    );
  if (modelWeights(sizes) > MAX_MODEL_WEIGHTS)
    fail(
      path,
      `makes ${modelWeights(sizes)} weights between its layers, more than ${MAX_MODEL_WEIGHTS}; use fewer or smaller layers`,
    );
  return sizes;
}

function initialParams(v: unknown, path: string): LayerParams[] {
  if (!Array.isArray(v)) fail(path, 'must be a list of {weight, bias} per layer');
  return v.map((layer, l) => {
    const o = object(layer, `${path}[${l}]`);
    onlyKeys(o, ['weight', 'bias', 'bn'], `${path}[${l}]`);
    if (!Array.isArray(o.weight) || !Array.isArray(o.bias))
      fail(`${path}[${l}]`, 'must have weight [out][in] and bias [out]');
    const weight = (o.weight as unknown[]).map((row, r) => {
      if (!Array.isArray(row)) fail(`${path}[${l}].weight[${r}]`, 'must be a list of numbers');
      return row.map((x, c) => number(x, `${path}[${l}].weight[${r}][${c}]`));
    });
    const bias = numbers(o.bias, `${path}[${l}].bias`);
    return o.bn === undefined ? { weight, bias } : { weight, bias, bn: batchNormParams(o.bn, `${path}[${l}].bn`) };
  });
}

function numbers(v: unknown, path: string, rule: NumberRule = {}): number[] {
  if (!Array.isArray(v)) fail(path, 'must be a list of numbers');
  return v.map((x, i) => number(x, `${path}[${i}]`, rule));
}

/** A hidden layer's batch norm in `model.initial`, as PyTorch's state_dict names it. */
function batchNormParams(v: unknown, path: string): BatchNormParams {
  const o = object(v, path);
  const keys = ['weight', 'bias', 'running_mean', 'running_var'];
  onlyKeys(o, keys, path);
  const missing = keys.find((k) => o[k] === undefined);
  if (missing) fail(`${path}.${missing}`, 'is required: a batch norm needs weight, bias, running_mean and running_var');
  return {
    weight: numbers(o.weight, `${path}.weight`),
    bias: numbers(o.bias, `${path}.bias`),
    running_mean: numbers(o.running_mean, `${path}.running_mean`),
    running_var: numbers(o.running_var, `${path}.running_var`, { min: 0 }),
  };
}

function earlyStopping(v: unknown, path: string): EarlyStoppingConfig | null {
  if (v === null || v === false) return null;
  const o = typeof v === 'number' ? { patience: v } : object(v, path);
  onlyKeys(o, ['patience', 'monitor', 'minDelta', 'restoreBest'], path);
  return {
    patience: number(o.patience, `${path}.patience`, { integer: true, min: 1 }),
    monitor: o.monitor === undefined ? 'val_loss' : oneOf(o.monitor, MONITORS, `${path}.monitor`),
    minDelta: o.minDelta === undefined ? 0 : number(o.minDelta, `${path}.minDelta`, { min: 0 }),
    restoreBest: o.restoreBest === undefined ? true : boolean(o.restoreBest, `${path}.restoreBest`),
  };
}

function rowEpochs(v: unknown): RowEpochs {
  if (v === 'last' || v === 'all') return v;
  if (!Array.isArray(v) || v.length === 0)
    fail('training.rowEpochs', `must be "last", "all" or a list of epochs such as [1, 5, 10], got ${showValue(v)}`);
  return v.map((e, i) => number(e, `training.rowEpochs[${i}]`, { integer: true, min: 1 }));
}

/**
 * Resolves `raw` over `base` (defaults, or an experiment's shared settings already resolved).
 * `raw.data.path` may be omitted when `base` has one.
 */
export function resolveRunConfig(raw: unknown, base: RunConfig = defaultConfig('')): RunConfig {
  const o = object(raw, 'config');
  onlyKeys(o, ['name', 'data', 'model', 'loss', 'optimizer', 'schedule', 'training', 'pretrain', 'seeds', 'group'], '');
  const out: RunConfig = structuredClone(base);
  if (o.name !== undefined) out.name = string(o.name, 'name');
  // null: no repeats (a run of an experiment whose shared settings repeat over seeds).
  if (o.seeds === null) delete out.seeds;
  else if (o.seeds !== undefined) out.seeds = seedList(o.seeds, 'seeds');

  if (o.data !== undefined) {
    const d = object(o.data, 'data');
    onlyKeys(
      d,
      [
        'path',
        'valPath',
        'target',
        'features',
        'task',
        'group',
        'sequence',
        'order',
        'targetTasks',
        'missing',
        'valSplit',
        'standardizeTarget',
        ...READ_KEYS,
        'ignore',
        'labelFraction',
      ],
      'data',
    );
    readSettings(d, out.data);
    if (d.ignore !== undefined) out.data.ignore = stringList(d.ignore, 'data.ignore');
    if (d.path !== undefined) out.data.path = string(d.path, 'data.path');
    if (d.valPath !== undefined) out.data.valPath = string(d.valPath, 'data.valPath');
    if (d.target !== undefined)
      out.data.target = Array.isArray(d.target) ? stringList(d.target, 'data.target') : string(d.target, 'data.target');
    if (d.features !== undefined) out.data.features = stringList(d.features, 'data.features');
    if (d.task !== undefined) out.data.task = oneOf(d.task, TASKS, 'data.task');
    if (d.group !== undefined) out.data.group = string(d.group, 'data.group');
    if (d.sequence !== undefined) out.data.sequence = string(d.sequence, 'data.sequence');
    if (d.order !== undefined) out.data.order = string(d.order, 'data.order');
    if (d.targetTasks !== undefined) {
      const tasks = object(d.targetTasks, 'data.targetTasks');
      out.data.targetTasks = Object.fromEntries(
        Object.entries(tasks).map(([name, t]) => [name, oneOf(t, HEAD_TASKS, `data.targetTasks.${name}`)]),
      );
    }
    if (d.missing !== undefined) out.data.missing = oneOf(d.missing, ['drop', 'mean', 'mode'] as const, 'data.missing');
    if (d.valSplit !== undefined)
      out.data.valSplit = number(d.valSplit, 'data.valSplit', { min: 0, max: 1, maxExclusive: true });
    if (d.standardizeTarget !== undefined)
      out.data.standardizeTarget = boolean(d.standardizeTarget, 'data.standardizeTarget');
    if (d.labelFraction !== undefined) out.data.labelFraction = labelFraction(d.labelFraction);
  }
  if (out.data.path === '') fail('data.path', 'is required: the CSV file to train on');

  if (o.model !== undefined) {
    const m = object(o.model, 'model');
    onlyKeys(
      m,
      [
        'hidden',
        'activation',
        'init',
        'embeddingSize',
        'latent',
        'batchNorm',
        'bnEps',
        'bnMomentum',
        'dropout',
        'initial',
      ],
      'model',
    );
    if (m.hidden !== undefined) out.model.hidden = hidden(m.hidden, 'model.hidden');
    if (m.activation !== undefined) out.model.activation = oneOf(m.activation, ACTIVATION_IDS, 'model.activation');
    if (m.init !== undefined) out.model.init = oneOf(m.init, INIT_IDS, 'model.init');
    if (m.embeddingSize !== undefined)
      out.model.embeddingSize = number(m.embeddingSize, 'model.embeddingSize', { integer: true, min: 1, max: 4096 });
    if (m.latent !== undefined)
      out.model.latent = number(m.latent, 'model.latent', { integer: true, min: 1, max: 4096 });
    if (m.batchNorm !== undefined) out.model.batchNorm = boolean(m.batchNorm, 'model.batchNorm');
    if (m.bnEps !== undefined) out.model.bnEps = number(m.bnEps, 'model.bnEps', { min: 0, minExclusive: true });
    if (m.bnMomentum !== undefined) out.model.bnMomentum = number(m.bnMomentum, 'model.bnMomentum', { min: 0, max: 1 });
    if (m.dropout !== undefined)
      out.model.dropout = number(m.dropout, 'model.dropout', { min: 0, max: 1, maxExclusive: true });
    if (m.initial !== undefined) out.model.initial = initialParams(m.initial, 'model.initial');
  }

  // A formula loss, {"formula": "...", ...parameters}, is checked by the formula module (see formula/config.ts).
  if (o.loss !== undefined)
    out.loss = isFormulaLoss(o.loss, out.loss)
      ? resolveFormulaLoss(o.loss, out.loss)
      : component(headLosses(o.loss, out), 'loss', getLoss, out.loss);
  out.optimizer = component(o.optimizer ?? {}, 'optimizer', getOptimizer, out.optimizer);
  out.schedule = component(o.schedule ?? {}, 'schedule', getSchedule, out.schedule);

  if (o.training !== undefined) {
    const t = object(o.training, 'training');
    onlyKeys(
      t,
      [
        'epochs',
        'batchSize',
        'shuffle',
        'seed',
        'clipNorm',
        'clipValue',
        'accumulate',
        'threads',
        'l1',
        'l2',
        'earlyStopping',
        'rowEpochs',
      ],
      'training',
    );
    const tr = out.training;
    if (t.epochs !== undefined) tr.epochs = number(t.epochs, 'training.epochs', { integer: true, min: 1, max: 1e6 });
    if (t.batchSize !== undefined)
      tr.batchSize =
        t.batchSize === 'full' ? 'full' : number(t.batchSize, 'training.batchSize', { integer: true, min: 1 });
    if (t.shuffle !== undefined) tr.shuffle = boolean(t.shuffle, 'training.shuffle');
    if (t.seed !== undefined) tr.seed = number(t.seed, 'training.seed', { integer: true, min: 0, max: 2 ** 32 - 1 });
    if (t.clipNorm !== undefined)
      tr.clipNorm =
        t.clipNorm === null ? null : number(t.clipNorm, 'training.clipNorm', { min: 0, minExclusive: true });
    if (t.clipValue !== undefined)
      tr.clipValue =
        t.clipValue === null ? null : number(t.clipValue, 'training.clipValue', { min: 0, minExclusive: true });
    if (t.accumulate !== undefined)
      tr.accumulate = number(t.accumulate, 'training.accumulate', { integer: true, min: 1 });
    if (t.l1 !== undefined) tr.l1 = number(t.l1, 'training.l1', { min: 0 });
    if (t.l2 !== undefined) tr.l2 = number(t.l2, 'training.l2', { min: 0 });
    if (t.earlyStopping !== undefined) tr.earlyStopping = earlyStopping(t.earlyStopping, 'training.earlyStopping');
    if (t.rowEpochs !== undefined) tr.rowEpochs = rowEpochs(t.rowEpochs);
    if (t.threads !== undefined) tr.threads = number(t.threads, 'training.threads', { integer: true, min: 1, max: 2 });
  }
  if (o.pretrain !== undefined) {
    const pretrain = resolvePretrain(o.pretrain, out.pretrain);
    if (pretrain) out.pretrain = pretrain;
    else delete out.pretrain;
  }
  // Last, where seedRuns puts it, so that a recorded run resolves to the same JSON.
  if (o.group !== undefined) out.group = string(o.group, 'group');
  return out;
}
