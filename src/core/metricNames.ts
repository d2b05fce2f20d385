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
const SEQUENCE = ['token_accuracy', 'sequence_accuracy', 'macro_f1', 'entity_f1'] as const;
/** Multitask: the mean over the heads of each one's headline (accuracy or R²); per head, `target/metric`. */
const MULTITASK = ['mean_score'] as const;
/** Generate: how far sampled rows are from held-out ones (src/core/generate/quality.ts), all better lower. */
const GENERATE = ['c2st_auc', 'ks_mean', 'tvd_mean', 'corr_diff'] as const;

/** Every metric a run can report: classification, then regression, embeddings, ranking, sequences, multitask and generate. */
export const METRIC_NAMES = [
  ...CLASSIFICATION,
  ...REGRESSION,
  ...EMBEDDING,
  ...RANKING,
  ...SEQUENCE,
  ...MULTITASK,
  ...GENERATE,
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** The metrics early stopping can monitor, and (with the generate ones) that a comparison of runs shows. */
const MONITORED = [
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
  'token_accuracy',
  'sequence_accuracy',
  'macro_f1',
  'entity_f1',
  'mean_score',
] as const satisfies readonly MetricName[];

export const MAIN_METRICS = [...MONITORED, ...GENERATE] as const;

/** What early stopping can watch: a loss or a main metric (a generate run does not stop early). */
export const MONITORS = [...LOSS_NAMES, ...MONITORED] as const;
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
  multitask: 'mean_score',
  sequence: 'token_accuracy',
  generate: 'c2st_auc',
} as const;

/**
 * The task's headline metric. Not the loss: runs with different losses report values on different scales,
 * while accuracy, R², pair accuracy and NDCG mean the same thing for every run; a multitask run's mean score
 * averages its heads' headlines; a generate run's is the classifier two-sample test's AUC, the one quality
 * figure every layout has and the one that sees the columns jointly (below 0.5 is chance, not better). A
 * distribution has only its loss.
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
    case 'sequence':
      return HEADLINES.sequence;
    case 'multitask':
      return HEADLINES.multitask;
    case 'generate':
      return HEADLINES.generate;
    case 'distribution':
      return 'val_loss';
  }
}

/** The headline metric among those a run reported (a run reports one task's metrics), or null if none is. */
export function reportedHeadline(metrics: Readonly<Record<string, number>>): string | null {
  return Object.values(HEADLINES).find((k) => metrics[k] !== undefined) ?? null;
}

/** The dashboard's order: by kind of task as above, each task's main metrics first (its headline leading), then the rest. */
export const METRIC_DISPLAY_ORDER: readonly MetricName[] = [
  CLASSIFICATION,
  REGRESSION,
  EMBEDDING,
  RANKING,
  SEQUENCE,
  MULTITASK,
  GENERATE,
].flatMap((group) => {
  const main = (m: MetricName) => (MAIN_METRICS as readonly MetricName[]).includes(m);
  const inGroup = (m: MetricName) => (group as readonly MetricName[]).includes(m);
  return [...MAIN_METRICS.filter(inGroup), ...group.filter((m) => !main(m))];
});
