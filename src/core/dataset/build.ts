/**
 * From a parsed CSV to training arrays: pick the columns, decide the task, drop or fill missing values,
 * split, one-hot encode, standardize. Works on an in-memory table so that workers and tests need no file
 * system (files are read by `loadCsv`, ../csv/load.ts).
 */
import type { CsvTable } from '../csv/types';
import type { Task } from '../tasks';
import { checkMatrixFits, encodeFeatures, featureLayout } from './features';
import { fillMissing, isEveryRow, keepFeature, keepRows } from './missing';
import { type ResolvedOptions, resolveOptions } from './options';
import { checkColumnsScaled, checkScaled, rejectInfinite } from './range';
import { fitStandardizer, standardize } from './scale';
import { find, selectColumns } from './select';
import { readGroups, splitGroups } from './groups';
import { orderSequences } from './sequences';
import { encodeHeads, headLabels, readHeads, standardizeHeads } from './heads';
import { splitAt, splitRows } from './split';
import { encodeTarget, readTarget } from './target';
import type { DataOptions, Dataset, MissingReport } from './types';
import { LossLabError, quote } from '../errors';
import { buildGenerativeDataset } from '../generate/data';

/** The columns chosen, the rows kept and the target encoded on them: where the task is decided. */
function targetOnRows(table: CsvTable, o: ResolvedOptions, warnings: string[], missingReport: MissingReport[]) {
  warnings.push(...table.notes);
  const keys = (['group', 'sequence', 'order'] as const).filter((f) => o[f] !== null);
  const keyColumns = keys.map((f) => find(table.columns, o[f]!, f, table.file));
  const ignore = [...o.ignore, ...keyColumns.map((c) => c.name).filter((name) => !o.ignore.includes(name))];
  const { targets, features, sources } = selectColumns(table, o.target, o.features, ignore, warnings);
  keyColumns.forEach((c, i) => {
    if (targets.includes(c) || sources.includes(c))
      throw new LossLabError(
        `column ${quote(c.name)} is the ${keys[i]} column; it cannot also be the ${targets.includes(c) ? 'target' : 'a feature'}`,
        { file: table.file, field: keys[i] },
      );
  });
  const column = (f: 'group' | 'sequence' | 'order') => keyColumns[keys.indexOf(f)] ?? null;
  rejectInfinite([...targets, ...sources], table);

  for (const c of [...targets, ...sources]) {
    if (c.kind === 'numeric' && c.invalid.count > 0) {
      const kind = table.kinds[table.columns.indexOf(c)].kind;
      warnings.push(
        `column ${quote(c.name)}: ${c.invalid.count} cell${c.invalid.count === 1 ? ' is' : 's are'} not ${kind === 'date' ? 'a date' : 'a number'} (first at line ${c.invalid.firstLine}: ${quote(c.invalid.firstValue)}); read as missing`,
      );
    }
  }

  const multitask = o.task === 'multitask';
  const targetData = multitask ? readHeads(targets, table, o.targetTasks) : [readTarget(targets, table, o.task)];
  let rows = keepRows(targetData, features, o.missing, table, warnings, missingReport);
  let group: Float64Array | null = null;
  const groupColumn = column('group');
  const sequenceColumn = column('sequence');
  if (groupColumn) ({ rows, group } = readGroups(groupColumn, rows, table, warnings, missingReport));
  if (sequenceColumn) {
    ({ rows, group } = readGroups(sequenceColumn, rows, table, warnings, missingReport, 'sequence'));
    ({ rows, group } = orderSequences(rows, group, column('order'), table));
  }
  const { target, heads } = multitask
    ? encodeHeads(targetData, rows, table, o.targetTasks)
    : { target: encodeTarget(targetData[0], rows, table, o.task), heads: null };
  return { targets, features, rows, group, target, heads };
}

/** Everything before the feature matrix: the target on the rows kept, the split, the features filled. */
function keptFeatures(table: CsvTable, o: ResolvedOptions) {
  const warnings: string[] = [];
  const missingReport: MissingReport[] = [];
  const { targets, features, rows, group, target, heads } = targetOnRows(table, o, warnings, missingReport);
  const labels = heads ? headLabels(target.y, heads) : target.classes !== null ? target.y : null;
  const { train, val } =
    table.validationFrom !== undefined
      ? splitAt(rows, table.validationFrom)
      : group
        ? splitGroups(group, o.valSplit, o.seed)
        : splitRows(rows.length, labels, o.valSplit, o.seed);
  const everyRow = isEveryRow(rows, table.rowCount);
  const kept = features.map((c) => keepFeature(c, rows, everyRow));
  if (o.missing !== 'drop') fillMissing(kept, train, o.missing, warnings);
  const lineOf = (i: number): number => table.lines[rows[i]];
  return { targets, rows, group, target, heads, train, val, kept, everyRow, lineOf, warnings, missingReport };
}

/** Standardizes a regression target (or each regression head) in place on the training rows; its scaler. */
function scaleTargets(p: ReturnType<typeof keptFeatures>, o: ResolvedOptions, file: string): Dataset['targetScaler'] {
  const { target, heads, train, lineOf } = p;
  let targetScaler: Dataset['targetScaler'] = null;
  if (target.task === 'regression' && o.standardizeTarget) {
    const s = fitStandardizer(target.y, 1, train);
    standardize(target.y, 1, s);
    checkScaled(target.y, 1, s, [p.targets[0].name], lineOf, file);
    targetScaler = { mean: s.mean[0], std: s.std[0] };
  }
  if (heads && o.standardizeTarget) standardizeHeads(target.y, heads, train, lineOf, file);
  return targetScaler;
}

/** What a target makes of a table: the task, and for classification each class's row count. */
export interface TargetSummary {
  task: Task;
  classes: string[] | null;
  counts: number[] | null;
}

/**
 * The task `buildDataset` would train for these options and its classes (or the error it would give),
 * without building the feature matrix: quick picks' defaults, in a fraction of the time on a large table.
 */
export function summarizeTarget(table: CsvTable, opts: DataOptions = {}): TargetSummary {
  const { task, classes, y } = targetOnRows(table, resolveOptions(opts), [], []).target;
  const counts = classes ? classes.map(() => 0) : null;
  if (counts) for (const k of y) counts[k]++;
  return { task, classes, counts };
}

export function buildDataset(table: CsvTable, opts: DataOptions = {}): Dataset {
  const o = resolveOptions(opts);
  if (o.task === 'generate') return buildGenerativeDataset(table, o);
  const p = keptFeatures(table, o);
  const { targets, rows, group, target, heads, train, val, lineOf, warnings } = p;
  const { x, d, names } = encodeFeatures(p.kept, rows.length, warnings, table.file, opts.memory);
  const scaler = fitStandardizer(x, d, train);
  standardize(x, d, scaler);
  checkScaled(x, d, scaler, names, lineOf, table.file);
  const targetScaler = scaleTargets(p, o, table.file);
  return {
    task: target.task,
    n: rows.length,
    d,
    x,
    y: target.y,
    targetWidth: target.width,
    featureNames: names,
    targetNames: targets.map((c) => c.name),
    classes: target.classes,
    group,
    heads,
    train,
    val,
    scaler,
    targetScaler,
    lines: p.everyRow ? table.lines.subarray(0, rows.length) : rows.map((r) => table.lines[r]),
    warnings,
    missingReport: p.missingReport,
  };
}

/** What `buildDataset` says of a table (its task, classes, features and warnings), without its arrays. */
export interface DatasetSummary {
  task: Task;
  classes: string[] | null;
  featureNames: string[];
  warnings: string[];
}

/**
 * The summary `buildDataset` would give, and the same errors, without writing the feature matrix: what an
 * inspection needs, in a fraction of the time and memory on a large table.
 */
export function describeDataset(table: CsvTable, opts: DataOptions = {}): DatasetSummary {
  const o = resolveOptions(opts);
  if (o.task === 'generate') return buildGenerativeDataset(table, o);
  const p = keptFeatures(table, o);
  const { names, blocks } = featureLayout(p.kept, p.warnings);
  if (opts.memory) checkMatrixFits(blocks, p.rows.length, names.length, table.file, opts.memory);
  const numeric = blocks.flatMap((b) =>
    b.feature.kind === 'numeric' ? [{ values: b.feature.values, at: b.offset }] : [],
  );
  checkColumnsScaled(numeric, p.train, names, p.lineOf, table.file);
  scaleTargets(p, o, table.file);
  return { task: p.target.task, classes: p.target.classes, featureNames: names, warnings: p.warnings };
}
