/**
 * `training.threads`: one run's batches split by rows across two threads (model/rowSplit.ts), for a plain
 * MLP. What changes against one thread is the order in which the weights' gradient is summed over a batch's
 * rows; the outputs and the loss's value and output gradient are the same bits.
 */
import type { RunConfig } from '../config/types';
import { LossLabError } from '../errors';
import type { LossSpec } from '../losses/types';
import { RowSplit, type StartSplitThread } from '../model/rowSplit';
import type { StepEngine } from './step';

/** Why a run with more than one thread cannot be split (each reason a setting that must stay on one thread), or null. */
export function threadsConflict(config: RunConfig, loss: LossSpec): LossLabError | null {
  if ((config.training.threads ?? 1) === 1) return null;
  const refuse = (why: string, field: string) =>
    new LossLabError(`training.threads 2 (--threads) splits a batch's rows, but ${why}: ${field}`, {
      field: 'training.threads',
    });
  if (config.model.batchNorm)
    return refuse("batch norm's statistics span the whole batch", 'leave out training.threads or model.batchNorm');
  if (config.model.dropout > 0)
    return refuse(
      "dropout's masks are drawn row after row from one stream",
      'leave out training.threads or model.dropout',
    );
  if (loss.balance)
    return refuse(
      'gradnorm measures each task on the whole batch',
      'leave out training.threads or use another task weighting',
    );
  return null;
}

/**
 * Splits the engine's passes across two threads when the run asks for it, for passes of up to `maxRows`
 * model rows; the split, to stop when the run ends, or null.
 */
export function splitPasses(
  engine: StepEngine,
  config: RunConfig,
  maxRows: number,
  start: StartSplitThread | undefined,
): RowSplit | null {
  if ((config.training.threads ?? 1) === 1) return null;
  if (!start) throw new Error('training.threads 2 needs a host that starts threads (TrainOptions.startSplitThread)');
  const split = new RowSplit(engine.model, maxRows, start);
  engine.passes = split;
  return split;
}
