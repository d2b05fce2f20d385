/**
 * Missing values. Rows without a target are always dropped (a target is never imputed). Missing feature
 * values either drop the row too, or are filled with a statistic of the training rows only, so that the
 * validation rows do not leak into training.
 */
import { LossLabError, quote, shorten, showPath } from '../errors';
import type { CsvTable } from '../csv/types';
import type { FeatureColumn } from './select';
import { targetMissingAt, type TargetData } from './target';
import type { MissingPolicy, MissingReport } from './types';

/** A feature restricted to the kept rows (NaN / -1 = missing until filled). */
export type KeptFeature =
  | { name: string; kind: 'numeric'; values: Float64Array }
  | { name: string; kind: 'categorical'; codes: Int32Array; levels: string[] };

function missingAt(c: FeatureColumn, r: number): boolean {
  return c.kind === 'numeric' ? Number.isNaN(c.values[r]) : c.codes[r] < 0;
}

function targetNames(t: TargetData): string[] {
  return t.kind === 'text' ? [t.col.name] : t.cols.map((c) => c.name);
}

const missingAtAny = (targets: readonly TargetData[], r: number) => targets.some((t) => targetMissingAt(t, r));

function targetMissingCounts(t: TargetData, n: number): number[] {
  if (t.kind === 'text') return [t.col.missing];
  return t.cols.map((c) => {
    let count = 0;
    for (let r = 0; r < n; r++) if (Number.isNaN(c.values[r])) count++;
    return count;
  });
}

/** Indices of the rows to keep (a target for every head); fills `report` and `warnings` with what was dropped. */
export function keepRows(
  targets: readonly TargetData[],
  features: readonly FeatureColumn[],
  policy: MissingPolicy,
  table: CsvTable,
  warnings: string[],
  report: MissingReport[],
): Int32Array {
  const total = table.rowCount;
  for (const target of targets) {
    const tCounts = targetMissingCounts(target, total);
    targetNames(target).forEach((column, k) => {
      if (tCounts[k] > 0) report.push({ column, count: tCounts[k], action: 'dropped' });
    });
  }
  const fCounts = new Array<number>(features.length).fill(0);
  // A feature that misses nothing needs no look row by row.
  const gappy = features.flatMap((c, j) => (c.missing > 0 ? [j] : []));
  const kept = new Int32Array(total);
  let n = 0;
  for (let r = 0; r < total; r++) {
    if (missingAtAny(targets, r)) continue;
    let complete = true;
    for (const j of gappy) {
      if (missingAt(features[j], r)) {
        fCounts[j]++;
        complete = false;
      }
    }
    if (complete || policy !== 'drop') kept[n++] = r;
  }
  features.forEach((c, j) => {
    if (fCounts[j] === 0) return;
    // Categorical columns have no mean: `mean` fills them with their mode.
    const action =
      policy === 'drop' ? 'dropped' : policy === 'mean' && c.kind === 'numeric' ? 'filled-mean' : 'filled-mode';
    report.push({ column: c.name, count: fCounts[j], action });
  });

  const dropped = total - n;
  if (dropped > 0) {
    const causes = report.filter((m) => m.action === 'dropped').map((m) => `${shorten(m.column)}: ${m.count}`);
    warnings.push(`dropped ${dropped} of ${total} rows with missing values (${causes.join(', ')})`);
  }
  if (n === 0) {
    const fix =
      policy === 'drop' ? "; fill them instead (missing: 'mean' or 'mode') or leave out the emptiest columns" : '';
    throw new LossLabError(`${showPath(table.file)}: no rows left after dropping rows with missing values${fix}`, {
      file: table.file,
      field: 'missing',
    });
  }
  return n === total ? kept : kept.slice(0, n);
}

/** `rows` is every row of the table in order: the common case, where a column can be kept without a copy. */
export function isEveryRow(rows: Int32Array, rowCount: number): boolean {
  if (rows.length !== rowCount) return false;
  for (let i = 0; i < rows.length; i++) if (rows[i] !== i) return false;
  return true;
}

/**
 * A feature on the kept rows. When those are every row and the column misses nothing, it is the column's own
 * array (nothing will fill it): on a large file this saves a copy of every feature column.
 */
export function keepFeature(c: FeatureColumn, rows: Int32Array, everyRow: boolean): KeptFeature {
  const n = rows.length;
  if (everyRow && c.missing === 0)
    return c.kind === 'numeric'
      ? { name: c.name, kind: 'numeric', values: c.values }
      : { name: c.name, kind: 'categorical', codes: c.codes, levels: c.levels };
  if (c.kind === 'numeric') {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = c.values[rows[i]];
    return { name: c.name, kind: 'numeric', values };
  }
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = c.codes[rows[i]];
  return { name: c.name, kind: 'categorical', codes, levels: c.levels };
}

/** Most frequent non-missing value of `v` over the `train` indices; ties go to the smallest. */
function mode(v: Float64Array | Int32Array, train: Int32Array, isMissing: (x: number) => boolean): number | null {
  const counts = new Map<number, number>();
  for (const i of train) if (!isMissing(v[i])) counts.set(v[i], (counts.get(v[i]) ?? 0) + 1);
  let best: number | null = null;
  let bestCount = 0;
  for (const [x, c] of counts) {
    if (c > bestCount || (c === bestCount && best !== null && x < best)) {
      best = x;
      bestCount = c;
    }
  }
  return best;
}

function mean(v: Float64Array, train: Int32Array): number | null {
  let sum = 0;
  let count = 0;
  for (const i of train) {
    if (!Number.isNaN(v[i])) {
      sum += v[i];
      count++;
    }
  }
  return count ? sum / count : null;
}

const all = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

/**
 * Fills missing entries in place with the training rows' mean (numeric, policy `mean`) or mode (otherwise).
 * A column with no value in the training rows falls back to all kept rows.
 */
export function fillMissing(
  features: KeptFeature[],
  train: Int32Array,
  policy: 'mean' | 'mode',
  warnings: string[],
): void {
  for (const f of features) {
    if (f.kind === 'numeric') {
      const v = f.values;
      const missing = v.reduce((k, x) => k + (Number.isNaN(x) ? 1 : 0), 0);
      if (missing === 0) continue;
      const stat =
        policy === 'mean'
          ? (v: Float64Array, rows: Int32Array) => mean(v, rows)
          : (v: Float64Array, rows: Int32Array) => mode(v, rows, Number.isNaN);
      const fill = stat(v, train) ?? stat(v, all(v.length)) ?? 0;
      for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i])) v[i] = fill;
      warnings.push(
        `filled ${missing} missing value${missing === 1 ? '' : 's'} of ${quote(f.name)} with the training ${policy} ${fill}`,
      );
    } else {
      const c = f.codes;
      const missing = c.reduce((k, x) => k + (x < 0 ? 1 : 0), 0);
      if (missing === 0) continue;
      const isMissing = (x: number): boolean => x < 0;
      const fill = mode(c, train, isMissing) ?? mode(c, all(c.length), isMissing) ?? 0;
      for (let i = 0; i < c.length; i++) if (c[i] < 0) c[i] = fill;
      warnings.push(
        `filled ${missing} missing value${missing === 1 ? '' : 's'} of ${quote(f.name)} with the most frequent training level ${quote(f.levels[fill])}`,
      );
    }
  }
}
