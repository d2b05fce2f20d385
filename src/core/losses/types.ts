import type { ParamSpec, Params } from '../params';
import type { Task } from '../tasks';

/** One batch as a loss sees it. */
export interface LossBatch {
  /**
   * Model outputs, each row-major `n × k`. Ordinary losses get one array; pair losses get one per member:
   * contrastive `[x1, x2]`, triplet `[anchor, positive, negative]`.
   */
  outputs: readonly Float64Array[];
  /**
   * Length `n`: a value (regression), a class index (multiclass), 0/1 (binary; hinge losses read any
   * value <= 0 as -1), 1 = similar / 0 = dissimilar (contrastive; ignored by triplet).
   * Length `n × k` for kl_div (one probability distribution per row) and for regression with `k`
   * target columns (row-major, like the outputs).
   */
  target: Float64Array;
  n: number;
  k: number;
  /** Ranking: the group (query) id of each of the n rows; rows of a group are whole within a batch. */
  group?: Float64Array;
  /**
   * The task's own trained parameters (a multi-task run's log-variances), and where the loss writes its
   * gradient with respect to them (overwritten, like `grads`; absent when no gradient is asked for).
   */
  taskParams?: Float64Array;
  taskGrads?: Float64Array;
}

export interface LossSpec {
  id: string;
  title: string;
  /** One line on what the loss is for, as the source articles put it ("robust to outliers"). */
  description: string;
  tasks: readonly Task[];
  params: readonly ParamSpec[];
  /** Members per example: 1, or 2 (contrastive) or 3 (triplet). */
  arity: 1 | 2 | 3;
  /**
   * Model outputs per row for a task with `classes` classes (or target columns for regression/distribution).
   * 0 for embedding losses: the embedding width is a model setting. Throws a LossLabError for a task the
   * loss does not fit.
   */
  outputSize(task: Task, classes: number): number;
  /**
   * Mean loss over the batch (PyTorch's reduction for that loss). When `grads` is given (same shapes as
   * `batch.outputs`), overwrites it with d loss / d outputs. One fused, numerically stable pass.
   */
  compute(batch: LossBatch, p: Params, grads: Float64Array[] | null): number;
  /** Parameters the loss itself trains (`LossBatch.taskParams`), after the model's; none when absent. */
  readonly taskParamCount?: number;
  /** Called at the end of each training epoch, for a loss whose weighting moves between epochs. */
  endEpoch?(): void;
  /** The task parameters' initial values (0 when absent). */
  initialTaskParams?(): number[];
  /** GradNorm's balancing of several tasks, which needs their gradients at the model's last shared layer. */
  readonly balance?: TaskBalance;
}

/**
 * Weights learned so that each task's gradient at the last shared layer has the norm its training rate
 * calls for (GradNorm). The engine measures ‖∇_W L_k‖ per task from the loss's output gradient restricted to
 * each task's `parts`, divided by the task's weight; `observe` writes the weights' gradient into `taskGrads`.
 */
export interface TaskBalance {
  readonly parts: readonly { offset: number; width: number }[];
  observe(norms: readonly number[], taskParams: Float64Array, taskGrads: Float64Array): void;
  /** After the optimizer's step: the weights renormalized. */
  afterStep(taskParams: Float64Array): void;
}
