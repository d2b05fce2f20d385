/**
 * The dataset of a generate run: every chosen column is part of the row to learn (there is no target),
 * rows with a missing cell dropped or filled as for features, split into training and held-out rows, and
 * encoded by the generative layout (layout.ts).
 */
import type { CsvTable } from '../csv/types';
import { fillMissing, keepFeature, keepRows } from '../dataset/missing';
import type { ResolvedOptions } from '../dataset/options';
import { selectColumns } from '../dataset/select';
import { checkScaled, rejectInfinite } from '../dataset/range';
import { splitAt, splitRows } from '../dataset/split';
import type { Dataset, MissingReport } from '../dataset/types';
import { LossLabError } from '../errors';
import { encodeRows } from './layout';

export function buildGenerativeDataset(table: CsvTable, o: ResolvedOptions): Dataset {
  if (o.target !== null)
    throw new LossLabError('generate has no target: drop --target (data.target)', { field: 'data.target' });
  const warnings: string[] = [...table.notes];
  const missingReport: MissingReport[] = [];
  const { features, sources } = selectColumns(table, [], o.features, o.ignore, warnings);
  rejectInfinite(sources, table);
  const rows = keepRows([], features, o.missing, table, warnings, missingReport);
  const n = rows.length;
  const { train, val } =
    table.validationFrom !== undefined ? splitAt(rows, table.validationFrom) : splitRows(n, null, o.valSplit, o.seed);
  const kept = features.map((c) => keepFeature(c, rows));
  if (o.missing !== 'drop') fillMissing(kept, train, o.missing, warnings);
  const { layout, x } = encodeRows(kept, n, train);
  const names = layout.blocks.flatMap((b) => (b.kind === 'numeric' ? [b.name] : b.labels.map((l) => `${b.name}=${l}`)));
  const numeric = (j: number) => layout.blocks.find((b) => b.offset === j && b.kind === 'numeric');
  const scaler = {
    mean: names.map((_, j) => (numeric(j) as { mean: number } | undefined)?.mean ?? 0),
    std: names.map((_, j) => (numeric(j) as { std: number } | undefined)?.std ?? 1),
  };
  checkScaled(x, layout.width, scaler, names, (i) => table.lines[rows[i]], table.file);
  return {
    task: 'generate',
    n,
    d: layout.width,
    x,
    y: new Float64Array(0),
    targetWidth: 0,
    featureNames: names,
    targetNames: [],
    classes: null,
    heads: null,
    group: null,
    train,
    val,
    scaler,
    targetScaler: null,
    lines: rows.map((r) => table.lines[r]),
    warnings,
    missingReport,
    layout,
  };
}
