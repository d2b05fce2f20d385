import type { ParamValue } from '../params';
import type { Task } from '../tasks';
import type { ColumnKind } from '../csv/options';
import type { InitId } from '../model/init';
import type { LayerParams } from '../model/mlp';
import type { Monitor } from '../metricNames';
import type { HeadTask } from '../dataset/heads';

/** A loss, optimizer or schedule: its id and its hyperparameters side by side, as PyTorch's constructors take them. */
export interface ComponentConfig {
  name: string;
  [param: string]: ParamValue | null;
}

export type MissingPolicy = 'drop' | 'mean' | 'mode';

export interface DataConfig {
  /** The CSV, relative to the experiment file (or the working directory for the CLI). */
  path: string;
  /**
   * A separate CSV with the same columns to validate on, instead of splitting `path` (then `valSplit` is
   * not used); relative like `path`.
   */
  valPath?: string;
  /** Default: the last column. Several columns make a distribution target (kl_div). */
  target?: string | string[];
  /** Default: every other column. */
  features?: string[];
  /** Default: inferred from the target; `ranking` when `group` is given. */
  task?: Task;
  /** Ranking: the column that groups rows into queries (relevance grades are the target). */
  group?: string;
  /** Sequence: the column that groups rows (tokens) into sequences (their tags are the target). */
  sequence?: string;
  /** Sequence: the column that orders each sequence's rows (default: file order). */
  order?: string;
  /** Multitask: a head's task by target column (default: inferred per column). */
  targetTasks?: Record<string, HeadTask>;
  missing: MissingPolicy;
  valSplit: number;
  standardizeTarget: boolean;
  /** How to read the file, each detected when absent (see `CsvOptions`). */
  decimal?: '.' | ',';
  thousands?: string;
  encoding?: string;
  na?: string[];
  comment?: string;
  skipRows?: number;
  strictRows?: boolean;
  /** Column kinds that override detection, by column name. */
  kinds?: Record<string, ColumnKind>;
  /** Columns left out of the features (identifiers, row names and free text are left out by default). */
  ignore?: string[];
  /** Share of the training rows that keep their labels, in (0, 1] (seeded, stratified by class); absent: all. */
  labelFraction?: number;
}

export interface ModelConfig {
  /** Hidden layer sizes; empty for a linear model. */
  hidden: number[];
  activation: string;
  init: InitId;
  /** Output size of the embedding for contrastive and triplet losses. */
  embeddingSize: number;
  /** Generate: the size of the latent code (default 8). */
  latent?: number;
  /** BatchNorm1d after each hidden Linear layer, before its activation (training mode in steps, evaluation mode otherwise). */
  batchNorm: boolean;
  /** Batch norm's eps (added to the variance) and momentum (weight of a batch in the running statistics). */
  bnEps: number;
  bnMomentum: number;
  /** Inverted dropout after each hidden activation with this probability, in [0, 1); 0 for none. */
  dropout: number;
  /** Initial parameters in PyTorch layout (overrides `init`); a hidden layer's `bn` sets its batch norm. */
  initial?: LayerParams[];
}

export interface EarlyStoppingConfig {
  patience: number;
  monitor: Monitor;
  minDelta: number;
  restoreBest: boolean;
}

export interface TrainingConfig {
  epochs: number;
  /** Rows per mini-batch; `full` is batch gradient descent, 1 is stochastic gradient descent. */
  batchSize: number | 'full';
  shuffle: boolean;
  seed: number;
  /** Clip the global gradient norm to this (PyTorch's clip_grad_norm_). */
  clipNorm: number | null;
  /** Clip every gradient element to [-clipValue, clipValue]. */
  clipValue: number | null;
  /** Gradient accumulation: one optimizer step per this many mini-batches. */
  accumulate: number;
  /** L1 and L2 penalties on weights (not biases): l1·Σ|w| and ½·l2·Σw². */
  l1: number;
  l2: number;
  earlyStopping: EarlyStoppingConfig | null;
  /** The epochs at whose end each row's loss and gradient share are recorded (rows.json); absent: `last`. */
  rowEpochs?: RowEpochs;
  /** Threads that share each batch's rows (trainer/threads.ts): 1 or 2; absent: 1. */
  threads?: number;
}

/** `last`: the weights the run ends with; `all`: every epoch's; a list: those epochs'. */
export type RowEpochs = 'last' | 'all' | number[];

/**
 * Contrastive pretraining of the hidden layers (the encoder) on the training rows without their labels,
 * before the supervised phase (see trainer/pretrain.ts).
 */
export interface PretrainConfig {
  method: 'info_nce';
  epochs: number;
  /** Probability that a feature of a view is replaced by the same feature of another row (SCARF). */
  corruption: number;
  /** NT-Xent's temperature τ. */
  temperature: number;
  /** Train only the last layer on the frozen encoder (a linear probe) instead of fine-tuning it. */
  probe: boolean;
}

/** A fully resolved run: every default filled in, every value checked. */
export interface RunConfig {
  name: string;
  data: DataConfig;
  model: ModelConfig;
  loss: ComponentConfig;
  optimizer: ComponentConfig;
  schedule: ComponentConfig;
  training: TrainingConfig;
  /** Absent: no pretraining (and so in the records of runs without it). */
  pretrain?: PretrainConfig;
  /** Repeat this configuration over these seeds (`seedRuns`): a configuration, not yet a run. */
  seeds?: number[];
  /** A run that repeats a configuration over seeds: the configuration's name, shared by its runs. */
  group?: string;
}
