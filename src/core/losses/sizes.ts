import { LossLabError } from '../errors';
import type { Task } from '../tasks';
import type { LossSpec } from './types';

/** Outputs per row for one task: a fixed count, or `classes` (the classes or target columns). */
export type OutputCount = number | 'classes';

/**
 * Builds a loss's `tasks` and `outputSize` from one table, so the two cannot disagree. An embedding
 * loss's table says 0: the embedding width is a model setting, not something the loss decides.
 */
export function sized(id: string, table: Partial<Record<Task, OutputCount>>): Pick<LossSpec, 'tasks' | 'outputSize'> {
  const tasks = Object.keys(table) as Task[];
  return {
    tasks,
    outputSize(task: Task, classes: number): number {
      const count = table[task];
      if (count === undefined)
        throw new LossLabError(`loss ${id} does not fit a ${task} task; it fits ${tasks.join(', ')}`, {
          field: 'loss',
        });
      return count === 'classes' ? classes : count;
    },
  };
}
