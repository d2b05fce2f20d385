/**
 * What the dashboard shows about a finished run besides its curves (host → webview, see protocol.ts):
 * the confusion matrix and per-class figures of a classifier, or the predictions of a regressor (or why they
 * cannot be shown).
 */
import type { ClassReport } from '../core/trainer/classReport';

export type { ClassFigures } from '../core/trainer/classReport';
import type { Histogram } from '../core/trainer/histogram';

/** Which split the views are computed on: validation, or training for a run without one. */
export type ResultSplit = 'validation' | 'training';

export interface ClassificationResults {
  kind: 'classification';
  split: ResultSplit;
  /** Class labels in the matrix's order. */
  classes: string[];
  /** Rows = true class, columns = predicted, on the evaluation split. */
  confusion: number[][];
  report: ClassReport;
}

export interface RegressionResults {
  kind: 'regression';
  split: ResultSplit;
  target: string;
  /** Rows in the split (the scatter may show fewer). */
  rows: number;
  /** Pairs in original units; rows with a non-finite prediction are left out. */
  actual: number[];
  predicted: number[];
  /** Of actual − predicted over every row. */
  residuals: Histogram;
}

/** A finished run whose record holds its views in a file that cannot be read: what to tell the user instead. */
export interface UnreadableResults {
  kind: 'unreadable';
  message: string;
}

export type RunResults = ClassificationResults | RegressionResults | UnreadableResults;
