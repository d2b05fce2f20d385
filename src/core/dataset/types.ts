import type { Task } from '../tasks';
import type { Head, HeadTask } from './heads';
import type { GenerativeLayout } from '../generate/layout';

export type MissingPolicy = 'drop' | 'mean' | 'mode';

export interface DataOptions {
  /** Default: the last column. Several columns make a distribution task (each row sums to 1). */
  target?: string | string[];
  /** Default: every other column; constant columns are dropped with a warning. */
  features?: string[];
  /** Default: inferred from the target (see `inferTask`); `ranking` when a group column is given. */
  task?: Task;
  /** Ranking: the column that groups rows into queries; left out of the features. */
  group?: string;
  /** Sequence: the column that groups rows (tokens) into sequences; left out of the features. */
  sequence?: string;
  /** Sequence: the column that orders the tokens of a sequence (default: file order); left out of the features. */
  order?: string;
  /** Multitask: the task of a target column's head, by column (default: inferred per column). */
  targetTasks?: Record<string, HeadTask>;
  /**
   * Missing feature values: drop the row (default), or fill from the training rows, `mean` (numeric
   * columns; the most frequent level for categorical ones) or `mode` (the most frequent value). Rows with a
   * missing target are always dropped.
   */
  missing?: MissingPolicy;
  /** Share of rows held out for validation, in [0, 1); default 0.2. */
  valSplit?: number;
  /** Seed of the train/validation split; default 0. */
  seed?: number;
  /** Regression only: train on the standardized target (default true). */
  standardizeTarget?: boolean;
  /** Columns left out of the features; identifiers, row names and free text are left out by default. */
  ignore?: string[];
  /** Where the feature matrix goes and how much memory it may take; not a setting of the data (no effect on its numbers). */
  memory?: MatrixMemory;
}

/** The memory the feature matrix may take; the caller knows the machine (`src/io/memory.ts`). */
export interface MatrixMemory {
  /** Bytes available for the matrix once the table is read; unbounded when absent. */
  availableBytes?: number;
  /** Allocate it in a SharedArrayBuffer, for workers to read without a copy (a sweep's shared dataset). */
  shared?: boolean;
}

export interface MissingReport {
  column: string;
  /** Missing cells in the rows considered (all rows for the target; rows with a target for features). */
  count: number;
  action: 'dropped' | 'filled-mean' | 'filled-mode';
}

export interface Dataset {
  task: Task;
  /** Rows kept. */
  n: number;
  /** Features after one-hot encoding. */
  d: number;
  /** `n × d` row-major, standardized with the training rows' mean and std. */
  x: Float64Array;
  /**
   * `n` values: the (standardized, see `targetScaler`) target for regression, the class index for
   * binary/multiclass/embedding, the relevance grade for ranking. `n × targetWidth` probabilities for
   * distribution; for multitask one value per head (see `heads`).
   */
  y: Float64Array;
  targetWidth: number;
  /** One per column of `x`; a one-hot column is named `column=level`. */
  featureNames: string[];
  targetNames: string[];
  /** Class labels in index order (numbers numerically, then text), or null when not classifying. */
  classes: string[] | null;
  /** Multitask: the heads, one per target column, in `y`'s column order; null for other tasks. */
  heads: Head[] | null;
  /**
   * Ranking: each row's group as a dense index (0, 1, ...); sequence: each row's sequence, whose rows are
   * consecutive and in order; null for other tasks.
   */
  group: Float64Array | null;
  /** Row indices into `x`/`y`, ascending. */
  train: Int32Array;
  val: Int32Array;
  /** Per feature; a feature constant over the training rows gets std 1. */
  scaler: { mean: number[]; std: number[] };
  /** Regression with a standardized target: original = y * std + mean. Null otherwise. */
  targetScaler: { mean: number; std: number } | null;
  /** 1-based source line of each kept row. */
  lines: Int32Array;
  warnings: string[];
  missingReport: MissingReport[];
  /** Generate: how a row is encoded in `x` (numeric columns standardized, categorical one-hot); absent otherwise. */
  layout?: GenerativeLayout;
}
