/** A sweep's runs ranked by a metric (by default the task's headline, src/core/metricNames.ts): best first, runs that did not finish last. */
import { lowerIsBetter } from '../metricNames';
import type { RunSummary } from '../trainer/events';

/** What ranking reads of a run: a summary, or the dashboard's view of one. */
export type Ranked = Pick<RunSummary, 'status'> & {
  final: Pick<NonNullable<RunSummary['final']>, 'trainLoss' | 'valLoss' | 'metrics'> | null;
};

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
