/**
 * Multi-task targets: each target column is the target of one head of a shared network, with a task of
 * its own (inferred from the column as a single target's would be, or given). `y` holds one value per head
 * per row: the (standardized) number for a regression head, the class index for a classification head.
 */
import type { Column, CsvTable } from '../csv/types';
import { LossLabError, quote } from '../errors';
import type { Task } from '../tasks';
import { checkScaled } from './range';
import { fitStandardizer, standardize } from './scale';
import { type EncodedTarget, type TargetData, encodeTarget, readTarget } from './target';

/** The tasks a head can have. */
export const HEAD_TASKS = ['regression', 'binary', 'multiclass'] as const;
export type HeadTask = (typeof HEAD_TASKS)[number];

export interface Head {
  /** The target column. */
  name: string;
  task: HeadTask;
  /** Class labels in index order, or null for regression. */
  classes: string[] | null;
  /** Regression with a standardized target: original = y * std + mean. */
  targetScaler: { mean: number; std: number } | null;
}

/** Each target column read as a single target would be, with its task given in `tasks` or left to inference. */
export function readHeads(targets: Column[], table: CsvTable, tasks: Readonly<Record<string, HeadTask>>): TargetData[] {
  if (targets.length < 2)
    throw new LossLabError(
      `multitask needs two or more target columns (--target a,b), got ${targets.map((c) => quote(c.name)).join(', ')}`,
      { file: table.file, field: 'target' },
    );
  return targets.map((c) => readTarget([c], table, tasks[c.name] ?? null));
}

/** The heads' targets over the kept rows: one column of `y` per head, and the heads' layout. */
export function encodeHeads(
  data: TargetData[],
  rows: Int32Array,
  table: CsvTable,
  tasks: Readonly<Record<string, HeadTask>>,
): { target: EncodedTarget; heads: Head[] } {
  const n = rows.length;
  const encoded = data.map((d, k) => {
    const name = d.kind === 'text' ? d.col.name : d.cols[0].name;
    const e = encodeTarget(d, rows, table, tasks[name] ?? null);
    if (!(HEAD_TASKS as readonly string[]).includes(e.task))
      throw new LossLabError(
        `target ${quote(name)} makes a ${e.task} task; a head is regression, binary or multiclass`,
        {
          file: table.file,
          field: 'target',
        },
      );
    return { name, e, k };
  });
  const h = encoded.length;
  const y = new Float64Array(n * h);
  const heads = encoded.map(({ name, e, k }): Head => {
    for (let i = 0; i < n; i++) y[i * h + k] = e.y[i];
    return { name, task: e.task as HeadTask, classes: e.classes, targetScaler: null };
  });
  return { target: { task: 'multitask' as Task, y, width: h, classes: null }, heads };
}

/** Standardizes each regression head's column of `y` with its training rows' mean and std. */
export function standardizeHeads(
  y: Float64Array,
  heads: Head[],
  train: Int32Array,
  lineOf: (row: number) => number,
  file: string,
): void {
  const h = heads.length;
  const n = y.length / h;
  heads.forEach((head, k) => {
    if (head.task !== 'regression') return;
    const column = Float64Array.from({ length: n }, (_, i) => y[i * h + k]);
    const s = fitStandardizer(column, 1, train);
    standardize(column, 1, s);
    checkScaled(column, 1, s, [head.name], lineOf, file);
    for (let i = 0; i < n; i++) y[i * h + k] = column[i];
    head.targetScaler = { mean: s.mean[0], std: s.std[0] };
  });
}

/**
 * The class labels a multitask split is stratified by: those of the first classification head, so that
 * its split is the one a run on that target alone makes; null when every head is a regression.
 */
export function headLabels(y: Float64Array, heads: readonly Head[]): Float64Array | null {
  const k = heads.findIndex((h) => h.task !== 'regression');
  if (k < 0) return null;
  const h = heads.length;
  return Float64Array.from({ length: y.length / h }, (_, i) => y[i * h + k]);
}
