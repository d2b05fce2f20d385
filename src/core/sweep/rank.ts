/** Which metric ranks a sweep's runs, and the ranking: best first, runs that did not finish last. */
import type { Task } from '../tasks';
import type { RunSummary } from '../trainer/events';

/** Losses and error metrics; every other metric is better higher. */
const LOWER_IS_BETTER = new Set(['val_loss', 'train_loss', 'log_loss', 'mse', 'rmse', 'mae']);

export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.has(metric);
}

/**
 * The task's headline metric. Not the loss: a sweep over losses compares values on different scales,
 * while accuracy, R² and pair accuracy mean the same thing for every run.
 */
export function defaultMetric(task: Task): string {
  switch (task) {
    case 'binary':
    case 'multiclass':
      return 'accuracy';
    case 'regression':
      return 'r2';
    case 'embedding':
      return 'pair_accuracy';
    case 'distribution':
      return 'val_loss';
  }
}

/** What ranking reads of a run: a summary, or the dashboard's view of one. */
export type Ranked = Pick<RunSummary, 'status'> & { final: Pick<NonNullable<RunSummary['final']>, 'trainLoss' | 'valLoss' | 'metrics'> | null };

/** The metric at the run's final (or restored best) epoch; val_loss falls back to train_loss without a validation split. */
export function metricValue(summary: Ranked | null, metric: string): number | null {
  const f = summary?.final;
  if (!f) return null;
  if (metric === 'val_loss') return f.valLoss ?? f.trainLoss;
  if (metric === 'train_loss') return f.trainLoss;
  return f.metrics[metric] ?? null;
}

const FINISHED = new Set(['completed', 'early_stopped']);

/** Best first; runs that diverged, failed or were cancelled, and runs without the metric, after the rest. */
export function rankRuns<T>(items: readonly T[], summary: (t: T) => Ranked | null, metric: string): T[] {
  const sign = lowerIsBetter(metric) ? 1 : -1;
  const key = (t: T) => {
    const s = summary(t);
    const v = metricValue(s, metric);
    return s && FINISHED.has(s.status) && v !== null && Number.isFinite(v) ? sign * v : Infinity;
  };
  return items
    .map((t, i) => ({ t, i, k: key(t) }))
    .sort((a, b) => (a.k === b.k ? a.i - b.i : a.k < b.k ? -1 : 1))
    .map(({ t }) => t);
}
