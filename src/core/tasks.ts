/**
 * What a run learns. `distribution` has several target columns that each row spreads one unit of
 * probability over (kl_div); `embedding` learns a metric space from class labels (contrastive, triplet);
 * `ranking` scores the rows of each group (a query) so that higher relevance ranks first; `multitask`
 * learns several target columns at once, one head each on a shared trunk; `generate` has no target and
 * learns the distribution of the rows themselves (src/core/generate).
 */
export type Task =
  'regression' | 'binary' | 'multiclass' | 'distribution' | 'embedding' | 'ranking' | 'multitask' | 'generate';

export const TASKS: readonly Task[] = [
  'regression',
  'binary',
  'multiclass',
  'distribution',
  'embedding',
  'ranking',
  'multitask',
  'generate',
];

/**
 * How a task forms its batches: single rows (pair and triplet losses draw their partners from them), or
 * whole groups, so that a ranking loss sees every row of a query together. `--batch-size` counts the
 * units: rows, or groups.
 */
export type Batching = 'rows' | 'groups';

export function batchingOf(task: Task): Batching {
  return task === 'ranking' ? 'groups' : 'rows';
}
