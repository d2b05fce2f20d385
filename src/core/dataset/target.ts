/**
 * The target: what task it implies and how it is encoded in `y`.
 *
 * Inference: a text target is binary with 2 classes, else multiclass. A numeric target whose values are
 * all integers is a classification target when it has at most 10 distinct values, or at most 20 that
 * are also fewer than 5% of the rows (digit labels, star ratings); otherwise it is regression. Several
 * target columns are a distribution. Everything is decided on the rows kept for training.
 */
import { LossLabError, quote, shorten, showPath } from '../errors';
import type { Task } from '../tasks';
import type { CategoricalColumn, Column, CsvTable, InvalidCells } from '../csv/types';

export const FEW_CLASSES = 10;
export const MAX_INFERRED_CLASSES = 20;
export const MAX_CLASS_SHARE = 0.05;
/** Tolerance on a distribution row's sum. */
export const SUM_TOLERANCE = 1e-6;

interface NumericTarget {
  name: string;
  values: Float64Array;
  invalid: InvalidCells | null;
}

/** The target column(s) reduced to what encoding needs: text labels, or numbers (NaN = missing). */
export type TargetData = { kind: 'text'; col: CategoricalColumn } | { kind: 'numbers'; cols: NumericTarget[] };

export interface EncodedTarget {
  task: Task;
  /** `n × width`, in kept-row order. */
  y: Float64Array;
  width: number;
  classes: string[] | null;
}

const isClassification = (t: Task): boolean =>
  t === 'binary' || t === 'multiclass' || t === 'embedding' || t === 'sequence';

export function readTarget(targets: Column[], table: CsvTable, requested: Task | null): TargetData {
  const file = table.file;
  if (targets.length === 1) {
    const col = targets[0];
    if (requested === 'distribution')
      throw new LossLabError(
        `task distribution needs at least two target columns (one probability per column), got only ${quote(col.name)}`,
        {
          file,
          field: 'task',
        },
      );
    if (col.kind === 'constant')
      throw new LossLabError(
        col.value === null
          ? `target ${quote(col.name)} has no values (every cell is missing); choose another target column`
          : `target ${quote(col.name)} has a single ${requested === 'regression' ? 'value' : 'class'} ${quote(col.value)}; nothing to learn — choose another target column`,
        { file, field: 'target' },
      );
    if (col.kind === 'categorical') {
      if (requested === 'regression' || requested === 'ranking') {
        const r = col.codes.findIndex((k) => k >= 0);
        const what = requested === 'ranking' ? 'ranking needs relevance grades (numbers)' : 'regression needs numbers';
        throw new LossLabError(
          `target ${quote(col.name)} is not numeric (${quote(col.levels[col.codes[r]])} at line ${table.lines[r]}); ${what} — use a classification task or another target`,
          { file, line: table.lines[r], field: 'task' },
        );
      }
      return { kind: 'text', col };
    }
    return { kind: 'numbers', cols: [{ name: col.name, values: col.values, invalid: col.invalid }] };
  }
  if (requested !== null && requested !== 'distribution')
    throw new LossLabError(
      `${targets.length} target columns make a distribution task, not ${requested}; give one target column for ${requested}`,
      {
        file,
        field: 'task',
      },
    );
  return {
    kind: 'numbers',
    cols: targets.map((col) => {
      if (col.kind === 'categorical')
        throw new LossLabError(
          `target column ${quote(col.name)} is not numeric; a distribution target holds probabilities`,
          { file, field: 'target' },
        );
      if (col.kind === 'numeric') return { name: col.name, values: col.values, invalid: col.invalid };
      // A constant column can still be one column of a distribution.
      return { name: col.name, values: col.values, invalid: null };
    }),
  };
}

export function targetMissingAt(t: TargetData, r: number): boolean {
  if (t.kind === 'text') return t.col.codes[r] < 0;
  for (const c of t.cols) if (Number.isNaN(c.values[r])) return true;
  return false;
}

function checkClassCount(name: string, task: Task, classes: string[], file: string): void {
  if (classes.length === 1)
    throw new LossLabError(
      `target ${quote(name)} has a single class ${quote(classes[0])} in the rows kept; nothing to learn — choose another target column`,
      {
        file,
        field: 'target',
      },
    );
  if (task === 'binary' && classes.length !== 2)
    throw new LossLabError(
      `target ${quote(name)} has ${classes.length} classes (${classes
        .slice(0, 5)
        .map((c) => shorten(c))
        .join(', ')}${classes.length > 5 ? ', ...' : ''}); binary needs exactly 2 — use task multiclass`,
      { file, field: 'task' },
    );
}

/** Encodes the target over the kept `rows` (indices into the table), inferring or checking the task. */
export function encodeTarget(t: TargetData, rows: Int32Array, table: CsvTable, requested: Task | null): EncodedTarget {
  const n = rows.length;
  if (t.kind === 'text') {
    const present = new Int32Array(t.col.levels.length);
    for (let i = 0; i < n; i++) present[t.col.codes[rows[i]]] = 1;
    const index = new Int32Array(present.length);
    const classes: string[] = [];
    t.col.levels.forEach((level, k) => {
      index[k] = classes.length;
      if (present[k]) classes.push(level);
    });
    const task = requested ?? (classes.length === 2 ? 'binary' : 'multiclass');
    checkClassCount(t.col.name, task, classes, table.file);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = index[t.col.codes[rows[i]]];
    return { task, y, width: 1, classes };
  }

  if (t.cols.length > 1) return encodeDistribution(t.cols, rows, table);

  if (requested === 'ranking') return encodeRelevance(t.cols[0], rows, table);
  const { name, values } = t.cols[0];
  const distinct = new Set<number>();
  // Inferring the task needs only to know whether there are few distinct values: a continuous target
  // would otherwise put every row in the set. A requested classification counts all its classes.
  const limit = requested === null || requested === 'regression' ? MAX_INFERRED_CLASSES + 1 : Infinity;
  let nonInteger = -1;
  for (let i = 0; i < n; i++) {
    const v = values[rows[i]];
    if (distinct.size < limit) distinct.add(v);
    if (nonInteger < 0 && !Number.isInteger(v)) nonInteger = i;
  }
  const few =
    distinct.size <= FEW_CLASSES || (distinct.size <= MAX_INFERRED_CLASSES && distinct.size < MAX_CLASS_SHARE * n);
  const task = requested ?? (nonInteger < 0 && few ? (distinct.size === 2 ? 'binary' : 'multiclass') : 'regression');
  if (task === 'regression') {
    if (distinct.size === 1)
      throw new LossLabError(
        `target ${quote(name)} has the single value ${values[rows[0]]} in the rows kept; nothing to learn — choose another target column`,
        {
          file: table.file,
          field: 'target',
        },
      );
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = values[rows[i]];
    return { task, y, width: 1, classes: null };
  }
  if (!isClassification(task)) throw new Error(`unreachable task ${task}`);
  if (nonInteger >= 0) {
    const line = table.lines[rows[nonInteger]];
    throw new LossLabError(
      task === 'sequence'
        ? `target ${quote(name)} has the non-integer value ${values[rows[nonInteger]]} at line ${line}; sequence tags are categories (text or integers) — choose a tag column`
        : `target ${quote(name)} has the non-integer value ${values[rows[nonInteger]]} at line ${line}; ${task} needs class labels — use task regression or another target`,
      { file: table.file, line, field: 'task' },
    );
  }
  const sorted = [...distinct].sort((a, b) => a - b);
  const classes = sorted.map(String);
  checkClassCount(name, task, classes, table.file);
  const index = new Map(sorted.map((v, k) => [v, k]));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = index.get(values[rows[i]]) as number;
  return { task, y, width: 1, classes };
}

/** The highest relevance grade, as LightGBM's default label gains (2^grade − 1 for grades 0 to 30). */
export const MAX_GRADE = 30;

/** Relevance grades, as they are (not standardized): numbers in [0, MAX_GRADE], higher meaning more relevant. */
function encodeRelevance({ name, values }: NumericTarget, rows: Int32Array, table: CsvTable): EncodedTarget {
  const y = Float64Array.from(rows, (r) => values[r]);
  const bad = y.findIndex((v) => !(v >= 0 && v <= MAX_GRADE));
  if (bad >= 0) {
    const line = table.lines[rows[bad]];
    throw new LossLabError(
      `${showPath(table.file)} line ${line}: relevance ${quote(name)} is ${y[bad]}; grades must be from 0 (not relevant) to ${MAX_GRADE}`,
      { file: table.file, line, field: 'target' },
    );
  }
  return { task: 'ranking', y, width: 1, classes: null };
}

/** Each kept row must be a probability distribution over the target columns. */
function encodeDistribution(cols: NumericTarget[], rows: Int32Array, table: CsvTable): EncodedTarget {
  const n = rows.length;
  const t = cols.length;
  const y = new Float64Array(n * t);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < t; k++) {
      const v = cols[k].values[rows[i]];
      if (v < 0) {
        const line = table.lines[rows[i]];
        throw new LossLabError(
          `${showPath(table.file)} line ${line}: target ${quote(cols[k].name)} is ${v}; probabilities cannot be negative`,
          {
            file: table.file,
            line,
            field: 'target',
          },
        );
      }
      y[i * t + k] = v;
      sum += v;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      const line = table.lines[rows[i]];
      throw new LossLabError(
        `${table.file} line ${line}: the target columns (${cols.map((c) => c.name).join(', ')}) sum to ${sum}, not 1; each row of a distribution target must sum to 1`,
        { file: table.file, line, field: 'target' },
      );
    }
  }
  return { task: 'distribution', y, width: t, classes: null };
}
