/**
 * What a run records beyond its config so that it can be replayed outside Loss Lab (the PyTorch export):
 * the initial weights, and how the CSV became training arrays (rows kept, encoders, scaler, split).
 *
 *   <run>/initial.json         the model's parameters before the first step, PyTorch layout
 *   <run>/preprocessing.json   a PreprocessingRecord
 *   <run>/pretrain-head.json   a pretraining run's projection head before its first step, PyTorch layout
 */
import type { RunConfig } from '../config/types';
import type { Dataset } from '../dataset';
import type { Head } from '../dataset/heads';
import type { LayerParams } from '../model/mlp';
import { buildNetworks } from '../trainer/generativePlan';
import { pretrainNetwork } from '../trainer/pretrain';
import { type RunPlan, initialModel, trainUnits } from '../trainer/setup';

/** The parsed CSV's shape, which the record needs to name columns and read the file the same way. */
export interface CsvShape {
  delimiter: string;
  header: string[];
  /** The columns read as plain numbers (a replay compares their cells as numbers, others as text). */
  numeric: string[];
}

/** One input of the model: a numeric column, or one level of a one-hot encoded column; then standardized. */
export interface FeatureEncoding {
  column: string;
  /** The level this input is 1 for; null for a numeric column. */
  level: string | null;
  mean: number;
  std: number;
}

export interface PreprocessingRecord {
  delimiter: string;
  header: string[];
  /** 1-based source lines where the kept rows start, in order, as inclusive [first, last] runs. */
  rows: [number, number][];
  features: FeatureEncoding[];
  target: {
    columns: string[];
    /** Class labels in index order; null for regression and distribution targets. */
    classes: string[] | null;
    /** Regression on a standardized target: y = (value − mean) / std. */
    scaler: { mean: number; std: number } | null;
  };
  /** Positions in the kept rows of the validation rows, ascending; the others are the training rows. */
  val: number[];
  /** Feature columns whose missing values were filled (mean or mode) rather than their rows dropped. */
  filled: string[];
  /**
   * Ranking: the group column; sequence: the sequence column. Whether its cells are numbers (`1` and `1.0`
   * one group) or text. Each kept row's group is its cell's index in order of first appearance.
   */
  group?: { column: string; numeric: boolean };
  /** What an epoch's batches split: the training rows, or a ranking run's training groups. */
  trainUnits?: number;
  /**
   * A run that trained on a fraction of the labels (`data.labelFraction`): the positions of the training
   * rows it trained on, in the trainer's order; the other training rows were not used.
   */
  labeled?: number[];
  /** Multitask: the heads in output order, each with its column, task, classes and standardization. */
  heads?: Head[];
  /**
   * Runs validated on a separate file (`data.valPath`): the 1-based source lines of that file's rows used,
   * which follow the training file's (`rows`) among the kept rows; `val` then points at them.
   */
  valRows?: [number, number][];
}

/** Consecutive runs of ascending integers: [1, 2, 3, 7] → [[1, 3], [7, 7]]. */
export function toRuns(values: ArrayLike<number>): [number, number][] {
  const runs: [number, number][] = [];
  for (let i = 0; i < values.length; i++) {
    const last = runs[runs.length - 1];
    if (last && values[i] === last[1] + 1) last[1] = values[i];
    else runs.push([values[i], values[i]]);
  }
  return runs;
}

/**
 * The column and level behind each model input. One-hot inputs are named `column=level`; a name that is
 * itself a column is that numeric column, otherwise the longest column name followed by `=` is the source.
 */
export function featureSources(
  names: readonly string[],
  header: readonly string[],
): { column: string; level: string | null }[] {
  const columns = new Set(header);
  return names.map((name) => {
    if (columns.has(name)) return { column: name, level: null };
    const column = header.filter((c) => name.startsWith(`${c}=`)).sort((a, b) => b.length - a.length)[0];
    if (column === undefined) throw new Error(`feature '${name}' comes from no column of the CSV`);
    return { column, level: name.slice(column.length + 1) };
  });
}

/**
 * `dataset` is the plan's (its `train` the rows trained on); `data` the run's data settings: its group column
 * (ranking) or sequence column, validation file and label fraction, if any.
 */
export function preprocessingRecord(
  dataset: Dataset,
  csv: CsvShape,
  {
    group: groupColumn,
    sequence,
    valPath,
    labelFraction,
  }: { group?: string; sequence?: string; valPath?: string; labelFraction?: number } = {},
): PreprocessingRecord {
  const group = groupColumn ?? sequence;
  const sources = featureSources(dataset.featureNames, csv.header);
  // With a validation file, its rows are the last kept rows, numbered by their own file's lines.
  const fromTrainFile = valPath === undefined ? dataset.lines.length : dataset.lines.length - dataset.val.length;
  return {
    delimiter: csv.delimiter,
    header: csv.header,
    rows: toRuns(dataset.lines.subarray(0, fromTrainFile)),
    features: sources.map((s, j) => ({ ...s, mean: dataset.scaler.mean[j], std: dataset.scaler.std[j] })),
    target: { columns: dataset.targetNames, classes: dataset.classes, scaler: dataset.targetScaler },
    val: Array.from(dataset.val),
    filled: dataset.missingReport.filter((m) => m.action !== 'dropped').map((m) => m.column),
    ...(dataset.group && group !== undefined ? { group: { column: group, numeric: csv.numeric.includes(group) } } : {}),
    trainUnits: trainUnits(dataset),
    ...(labelFraction !== undefined && labelFraction < 1 ? { labeled: Array.from(dataset.train) } : {}),
    ...(dataset.heads ? { heads: dataset.heads } : {}),
    ...(valPath === undefined ? {} : { valRows: toRuns(dataset.lines.subarray(fromTrainFile)) }),
  };
}

/**
 * The parameters the run starts from: built as the trainer builds them (its seed, its initializer); a
 * generate run's networks one after the other, as final.json holds them.
 */
export function initialParams(plan: RunPlan): LayerParams[] {
  if (plan.generative) return buildNetworks(plan).flatMap((m) => m.getParams());
  return initialModel(plan).getParams();
}

/** The projection head a pretraining run starts with: its network's layers above the encoder. */
export function pretrainHeadParams(plan: RunPlan): LayerParams[] {
  return pretrainNetwork(plan.config, initialModel(plan)).getParams().slice(plan.config.model.hidden.length);
}

/** What exporting a recorded run needs, as read from its folder (src/io/exportSource.ts). */
export interface ExportSource {
  runId: string;
  /** The recorded config: loss filled in, data path absolute, task inferred. */
  config: RunConfig;
  dataHash: string;
  /** The validation file's hash, for a run validated on one (`data.valPath`). */
  valDataHash?: string;
  initial: LayerParams[];
  /** A pretraining run's projection head before its first step. */
  pretrainHead?: LayerParams[];
  preprocessing: PreprocessingRecord;
}
