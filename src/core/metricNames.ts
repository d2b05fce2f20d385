/**
 * The names of what a run reports and what they mean: every metric by kind of task, which way is better,
 * each task's headline metric, and the orders they are listed in.
 */
import type { Task } from './tasks';

/** The losses every run reports beside its metrics. */
export const LOSS_NAMES = ['val_loss', 'train_loss'] as const;

/** The metrics of each kind of task, in the order the trainer reports them (src/core/trainer/metrics.ts). */
const CLASSIFICATION = ['accuracy', 'precision', 'recall', 'f1', 'log_loss', 'roc_auc'] as const;
const REGRESSION = ['mse', 'rmse', 'mae', 'r2'] as const;
const EMBEDDING = ['pair_accuracy'] as const;
const RANKING = ['ndcg@10', 'ndcg@5', 'map', 'mrr'] as const;

/** Every metric a run can report: classification, then regression, embeddings and ranking. */
export const METRIC_NAMES = [...CLASSIFICATION, ...REGRESSION, ...EMBEDDING, ...RANKING] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** The metrics a comparison of runs shows and early stopping can monitor. */
export const MAIN_METRICS = [
  'accuracy',
  'f1',
  'r2',
  'rmse',
  'mae',
  'roc_auc',
  'pair_accuracy',
  'ndcg@10',
  'ndcg@5',
  'map',
  'mrr',
] as const satisfies readonly MetricName[];

/** What early stopping can watch: a loss or a main metric. */
export const MONITORS = [...LOSS_NAMES, ...MAIN_METRICS] as const;
export type Monitor = (typeof MONITORS)[number];

/** Losses and error metrics; every other metric is better higher. */
const LOWER_IS_BETTER: ReadonlySet<string> = new Set([
  'val_loss',
  'train_loss',
  'log_loss',
  'mse',
  'rmse',
  'mae',
  'loss',
  // A generate run's quality: distances between generated and held-out rows (c2st_auc is best at 0.5).
  'ks_mean',
  'tvd_mean',
  'corr_diff',
  'c2st_auc',
]);

/** Also for a multitask run's `target/metric` (`price/rmse`, `price/loss`), by the metric after the slash. */
export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.has(metric.slice(metric.lastIndexOf('/') + 1));
}

/** The headline metric of each kind of task: a score that means the same thing for every run of it. */
const HEADLINES = {
  classification: 'accuracy',
  regression: 'r2',
  embedding: 'pair_accuracy',
  ranking: 'ndcg@10',
} as const;

/**
 * The task's headline metric. Not the loss: runs with different losses report values on different scales,
 * while accuracy, R², pair accuracy and NDCG mean the same thing for every run. A distribution has only its loss.
 */
export function taskHeadline(task: Task): string {
  switch (task) {
    case 'binary':
    case 'multiclass':
      return HEADLINES.classification;
    case 'regression':
      return HEADLINES.regression;
    case 'embedding':
      return HEADLINES.embedding;
    case 'ranking':
      return HEADLINES.ranking;
    case 'multitask':
      return 'val_loss';
    case 'distribution':
    case 'generate':
      return 'val_loss';
  }
}

/** The headline metric among those a run reported (a run reports one task's metrics), or null if none is. */
export function reportedHeadline(metrics: Readonly<Record<string, number>>): string | null {
  return Object.values(HEADLINES).find((k) => metrics[k] !== undefined) ?? null;
}

/** The dashboard's order: by kind of task as above, each task's main metrics first (its headline leading), then the rest. */
export const METRIC_DISPLAY_ORDER: readonly MetricName[] = [CLASSIFICATION, REGRESSION, EMBEDDING, RANKING].flatMap(
  (group) => {
    const main = (m: MetricName) => (MAIN_METRICS as readonly MetricName[]).includes(m);
    const inGroup = (m: MetricName) => (group as readonly MetricName[]).includes(m);
    return [...MAIN_METRICS.filter(inGroup), ...group.filter((m) => !main(m))];
  },
);
