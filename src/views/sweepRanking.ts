/**
 * The runs of a sweep as its card lists them: each run's swept values, the chosen metric's final and best
 * values, and its rank (the core's ranking: best first, unfinished runs unranked). Pure, tested on its own.
 */
import { lowerIsBetter, taskHeadline } from '../core/metricNames';
import { metricValue, rankRuns } from '../core/sweep/rank';

/** Which way a metric improves, for the webview's charts (the fact lives in core, src/core/metricNames.ts). */
export { lowerIsBetter };
import type { Task } from '../core/tasks';
import type { SweepView } from '../protocol/experimentViews';
import type { EpochPoint, RunView } from '../protocol/webview';

export interface SweepRow {
  run: RunView;
  values: (number | string)[];
  /** At the end of the run, or its latest epoch while it trains. */
  final: number | null;
  best: { value: number; epoch: number } | null;
  /** 1 for the best run; null for runs that did not finish (or lack the metric). */
  rank: number | null;
}

/** The metric to rank by: the sweep's own, else the task's headline metric. */
export function sweepMetric(sweep: SweepView, runs: readonly RunView[]): string {
  const task = runs.find((r) => r.task !== null)?.task;
  return sweep.metric ?? (task ? taskHeadline(task as Task) : 'val_loss');
}

/** The metric at one epoch, as the ranking reads it (val_loss falls back to train_loss without validation). */
function epochValue(e: Pick<EpochPoint, 'trainLoss' | 'valLoss' | 'metrics'>, metric: string): number | null {
  return metricValue({ status: 'completed', final: e }, metric);
}

function bestEpoch(epochs: readonly EpochPoint[], metric: string): { value: number; epoch: number } | null {
  const sign = lowerIsBetter(metric) ? 1 : -1;
  let best: { value: number; epoch: number } | null = null;
  for (const e of epochs) {
    const v = epochValue(e, metric);
    if (v !== null && Number.isFinite(v) && (!best || sign * v < sign * best.value))
      best = { value: v, epoch: e.epoch };
  }
  return best;
}

/** The sweep's runs that the dashboard shows, best first. */
export function sweepRows(
  sweep: SweepView,
  runs: readonly RunView[],
  epochs: (id: string) => readonly EpochPoint[],
  metric: string,
): SweepRow[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const rows = sweep.runs.flatMap(({ runId, values }): SweepRow[] => {
    const run = byId.get(runId);
    if (!run) return [];
    const list = epochs(runId);
    const last = list.at(-1);
    const final = run.final ? metricValue(run, metric) : last ? epochValue(last, metric) : null;
    return [{ run, values, final, best: bestEpoch(list, metric), rank: null }];
  });
  const ranked = rankRuns(rows, (r) => r.run, metric);
  ranked.forEach((r, i) => {
    const v = r.run.final ? metricValue(r.run, metric) : null;
    r.rank =
      (r.run.status === 'completed' || r.run.status === 'early_stopped') && v !== null && Number.isFinite(v)
        ? i + 1
        : null;
  });
  return ranked;
}

/** The best run and the `neighbours` ranked right after it: the runs to overlay on the charts. */
export function bestWithNeighbours(rows: readonly SweepRow[], neighbours: number): string[] {
  return rows.filter((r) => r.rank !== null && r.rank <= neighbours + 1).map((r) => r.run.id);
}

export type SortKey = { column: 'rank' | 'name' | 'final' | 'best' | 'status' } | { column: 'param'; index: number };

/** Rows sorted by a column; missing values always last, whichever the direction. */
export function sortRows(rows: readonly SweepRow[], key: SortKey, descending: boolean): SweepRow[] {
  const of = (r: SweepRow): number | string | null => {
    switch (key.column) {
      case 'rank':
        return r.rank;
      case 'name':
        return r.run.name;
      case 'final':
        return r.final;
      case 'best':
        return r.best?.value ?? null;
      case 'status':
        return r.run.status;
      case 'param':
        return r.values[key.index] ?? null;
    }
  };
  const collator = new Intl.Collator(undefined, { numeric: true });
  const compare = (a: number | string, b: number | string) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
  return rows
    .map((r, i) => ({ r, i, v: of(r) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const c = compare(a.v, b.v);
      return c === 0 ? a.i - b.i : descending ? -c : c;
    })
    .map(({ r }) => r);
}
