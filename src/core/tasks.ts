/**
 * What a run learns. `distribution` has several target columns that each row spreads one unit of
 * probability over (kl_div); `embedding` learns a metric space from class labels (contrastive, triplet).
 */
export type Task = 'regression' | 'binary' | 'multiclass' | 'distribution' | 'embedding';

export const TASKS: readonly Task[] = ['regression', 'binary', 'multiclass', 'distribution', 'embedding'];
